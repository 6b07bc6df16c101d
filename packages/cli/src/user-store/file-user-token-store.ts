import { randomUUID } from 'node:crypto'
import { chmod, mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { TokenStoreLock, UserGrant, UserTokenStore } from '@zoom-auth/core'
import { withFileMutex } from './file-mutex.js'
import { ignoreMissing } from './fs-error-code.js'
import { grantFileName } from './grant-file-name.js'
import { isUserGrant } from './is-user-grant.js'

/** A {@link UserTokenStore} in a directory: one file per user. */
export interface FileUserTokenStore extends UserTokenStore {
  /** The directory, absolute. */
  readonly dir: string
  /** The file that holds (or would hold) the grant of `key`. */
  fileOf(key: string): string
}

/** Options of {@link fileUserTokenStore}. */
export interface FileUserTokenStoreOptions {
  /** Clock of the lock leases, in epoch ms. Default `Date.now` (every process on the machine shares it). */
  now?: () => number
}

/**
 * The grants of a user-level app's users in files only the owner can read, shared by every
 * process on this machine that opens the same directory (each `zoom-auth` run is one):
 *
 * - `<dir>/<key>.json` holds a grant (mode 0600, the directory 0700), written to a temporary file,
 *   synced, then renamed over the old one, so a reader or a crash never sees half a grant;
 * - every write is made holding `<key>.mutex`, created with `O_EXCL` (one creator wins), so that
 *   `replace` compares the refresh token and writes with no other write in between;
 * - `<key>.lock` holds the refresh lock's lease (`{ owner, until }`), read and written under the
 *   same mutex: `tryLock` takes it when it is absent or its lease has ended.
 *
 * The refresh token is stored in clear, as the ssh keys and cloud CLIs' credentials beside it are:
 * the file's mode is the protection. A fleet of machines needs a shared store (Redis, a table).
 *
 * @example
 * ```ts
 * const store = fileUserTokenStore(join(homedir(), '.config', 'zoom-auth', 'users'))
 * const users = zoomUsers({ clientId, clientSecret, redirectUri, store })
 * ```
 */
export function fileUserTokenStore(
  dir: string,
  options: FileUserTokenStoreOptions = {},
): FileUserTokenStore {
  if (typeof dir !== 'string' || dir === '')
    throw new TypeError('zoom-auth: fileUserTokenStore needs a directory')
  const root = resolve(dir)
  const now = options.now ?? Date.now
  let ready: Promise<void> | undefined

  function pathsOf(key: string) {
    if (typeof key !== 'string' || key === '')
      throw new TypeError('zoom-auth: a user key must be a non-empty string')
    const base = join(root, grantFileName(key))
    return { grant: `${base}.json`, lease: `${base}.lock`, mutex: `${base}.mutex` }
  }

  /** Creates the directory (0700) on first write; an existing one is closed to others too. */
  function ensureDir(): Promise<void> {
    ready ??= (async () => {
      await mkdir(root, { recursive: true, mode: 0o700 })
      if (process.platform !== 'win32' && ((await stat(root)).mode & 0o077) !== 0)
        await chmod(root, 0o700)
    })().catch((error: unknown) => {
      ready = undefined
      throw error
    })
    return ready
  }

  /** Runs `task` holding the key's mutex: no other process writes this key meanwhile. */
  async function exclusive<T>(mutex: string, task: () => Promise<T>): Promise<T> {
    await ensureDir()
    return withFileMutex(mutex, task)
  }

  async function readGrant(file: string): Promise<UserGrant | undefined> {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      ignoreMissing(error)
      return undefined
    }
    let grant: unknown
    try {
      grant = JSON.parse(text)
    } catch {
      grant = undefined
    }
    if (!isUserGrant(grant))
      throw new Error(`${file} is not a zoom-auth login: remove it and run zoom-auth login again`)
    return grant
  }

  /** Writes a new file and renames it over `file`: readers see the old grant or the new one. */
  async function writeGrant(file: string, grant: UserGrant): Promise<void> {
    if (!isUserGrant(grant)) throw new TypeError('zoom-auth: not a user grant; nothing stored')
    const text = `${JSON.stringify(grant, null, 2)}\n`
    const temporary = `${file}.${randomUUID()}.tmp`
    try {
      const handle = await open(temporary, 'wx', 0o600)
      try {
        await handle.writeFile(text)
        // A rotated refresh token is the user's only live one: on disk before anyone uses it.
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(temporary, file)
    } catch (error) {
      await unlink(temporary).catch(() => {})
      throw error
    }
  }

  async function readLease(file: string): Promise<{ owner: string; until: number } | undefined> {
    try {
      const lease = JSON.parse(await readFile(file, 'utf8')) as { owner?: unknown; until?: unknown }
      if (typeof lease.owner === 'string' && typeof lease.until === 'number')
        return { owner: lease.owner, until: lease.until }
    } catch (error) {
      if (!(error instanceof SyntaxError)) ignoreMissing(error)
    }
    // Absent, or unreadable (a crash while it was written): nobody holds it.
    return undefined
  }

  const writeLease = (file: string, owner: string, ttlMs: number) =>
    writeFile(file, `${JSON.stringify({ owner, until: now() + ttlMs, pid: process.pid })}\n`, {
      mode: 0o600,
    })

  return {
    dir: root,
    fileOf: (key) => pathsOf(key).grant,

    get: (key) => readGrant(pathsOf(key).grant),

    async put(key, grant) {
      const paths = pathsOf(key)
      await exclusive(paths.mutex, () => writeGrant(paths.grant, grant))
    },

    replace(key, expectedRefreshToken, next) {
      const paths = pathsOf(key)
      return exclusive(paths.mutex, async () => {
        const stored = await readGrant(paths.grant)
        if (stored === undefined || stored.refreshToken !== expectedRefreshToken) return false
        await writeGrant(paths.grant, next)
        return true
      })
    },

    async delete(key) {
      const paths = pathsOf(key)
      // The lease stays: a revoke deletes the grant while it holds the user's lock.
      await exclusive(paths.mutex, () => unlink(paths.grant).catch(ignoreMissing))
    },

    async tryLock(key, ttlMs): Promise<TokenStoreLock | undefined> {
      const paths = pathsOf(key)
      const owner = randomUUID()
      const taken = await exclusive(paths.mutex, async () => {
        const lease = await readLease(paths.lease)
        if (lease !== undefined && lease.until > now()) return false
        await writeLease(paths.lease, owner, ttlMs)
        return true
      })
      if (!taken) return undefined
      const holds = async () => {
        const lease = await readLease(paths.lease)
        return lease?.owner === owner && lease.until > now()
      }
      return {
        renew: (leaseMs) =>
          exclusive(paths.mutex, async () => {
            if (!(await holds())) return false
            await writeLease(paths.lease, owner, leaseMs)
            return true
          }),
        release: () =>
          exclusive(paths.mutex, async () => {
            // Only our own lease: one that ended and was taken by another process is theirs.
            if ((await readLease(paths.lease))?.owner === owner)
              await unlink(paths.lease).catch(ignoreMissing)
          }),
      }
    },
  }
}
