// @ts-check
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gunzipSync } from 'node:zlib'

const execFileAsync = promisify(execFile)

/** The monorepo root (this file is tools/compat/src/pack.mjs). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/**
 * @typedef {object} PackedPackage
 * @property {string} name
 * @property {string} version
 * @property {string} tarball absolute path of the .tgz
 * @property {string[]} files paths inside the package, as npm will publish them
 */

/**
 * Packs workspace packages with `pnpm pack`, exactly as `pnpm publish` would (`workspace:*` becomes
 * the real version), in one pnpm process.
 *
 * @param {readonly string[]} names package names, e.g. `['@zoom-auth/core']`
 * @param {string} destination directory for the tarballs
 * @returns {Promise<Map<string, PackedPackage>>} by package name
 */
export async function packPackages(names, destination) {
  const filters = names.flatMap((name) => ['--filter', name])
  const { stdout } = await execFileAsync(
    'pnpm',
    ['-r', ...filters, 'pack', '--pack-destination', destination, '--json'],
    { cwd: REPO_ROOT, maxBuffer: 32 * 1024 * 1024 },
  )
  /** @type {{ name: string, version: string, filename: string, files: { path: string }[] } | { name: string, version: string, filename: string, files: { path: string }[] }[]} */
  const parsed = JSON.parse(stdout)
  const packed = new Map(
    (Array.isArray(parsed) ? parsed : [parsed]).map((entry) => [
      entry.name,
      {
        name: entry.name,
        version: entry.version,
        tarball: entry.filename,
        files: entry.files.map((file) => file.path),
      },
    ]),
  )
  const missing = names.filter((name) => !packed.has(name))
  if (missing.length > 0) throw new Error(`pnpm pack did not pack ${missing.join(', ')}`)
  return packed
}

/**
 * Reads one file out of a packed tarball (npm tarballs are gzipped ustar with a `package/` prefix).
 *
 * @param {string} tarball path of the .tgz
 * @param {string} path inside the package, e.g. `package.json`
 * @returns {Promise<string>}
 */
export async function readPackedFile(tarball, path) {
  const archive = gunzipSync(await readFile(tarball))
  let offset = 0
  /** @type {string | undefined} a pax `path` record for the next entry (names over 100 bytes) */
  let longName
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512)
    if (header.every((byte) => byte === 0)) break
    const field = (/** @type {number} */ start, /** @type {number} */ length) =>
      header.toString('utf8', start, start + length).replace(/\0.*$/s, '')
    const size = Number.parseInt(field(124, 12).trim() || '0', 8)
    const type = field(156, 1)
    const prefix = field(345, 155)
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100))
    const body = archive.subarray(offset + 512, offset + 512 + size)
    offset += 512 + Math.ceil(size / 512) * 512
    if (type === 'x') {
      longName = /\d+ path=(.*)\n/.exec(body.toString('utf8'))?.[1]
      continue
    }
    longName = undefined
    if (name.replace(/^[^/]+\//, '') === path) return body.toString('utf8')
  }
  throw new Error(`${path} is not in ${tarball}`)
}
