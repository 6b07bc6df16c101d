import { open, stat, unlink } from 'node:fs/promises'
import { setTimeout as delay } from 'node:timers/promises'
import { codeOf, ignoreMissing } from './fs-error-code.js'

/**
 * A mutex file older than this belongs to a process that died inside its few milliseconds of
 * work: it is removed. Far longer than any read-compare-write of one small file takes.
 */
const STALE_MS = 10_000
/** How long a caller waits for the mutex before it gives up with an error naming the file. */
const WAIT_MS = 15_000

/**
 * Runs `task` while holding the mutex file at `path`, among every process on this machine: the
 * file is created with `O_CREAT | O_EXCL` (exactly one creator wins) and removed afterwards. Held
 * only around one read-compare-write, so waiters poll every few milliseconds.
 *
 * @example
 * ```ts
 * const won = await withFileMutex(`${file}.mutex`, async () => compareAndWrite(file, expected, next))
 * ```
 */
export async function withFileMutex<T>(path: string, task: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + WAIT_MS
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600)
      // For a person who finds the file: whose it is.
      await handle.writeFile(`${process.pid}\n`).finally(() => handle.close())
      break
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw error
      if (await isStale(path)) {
        await unlink(path).catch(ignoreMissing)
        continue
      }
      if (Date.now() >= deadline)
        throw new Error(
          `the user store is busy: ${path} has been held for ${WAIT_MS / 1000} s (remove it if no zoom-auth is running)`,
        )
      await delay(Math.min(2 ** attempt, 25) * (0.5 + Math.random()))
    }
  }
  try {
    return await task()
  } finally {
    await unlink(path).catch(ignoreMissing)
  }
}

async function isStale(path: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > STALE_MS
  } catch (error) {
    ignoreMissing(error)
    return false
  }
}
