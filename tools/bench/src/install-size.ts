import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'

/** What installing one package puts on disk, its peer dependencies left out. */
export interface InstallSize {
  /** Bytes of every file of the package and of its transitive `dependencies`, as unpacked. */
  unpackedBytes: number
  /** Packages installed besides it (transitive `dependencies`, each counted once). */
  dependencies: number
}

interface Manifest {
  dependencies?: Record<string, string>
}

/**
 * What `npm install <name>` unpacks: the package and its transitive runtime `dependencies` (peer,
 * optional-peer and dev dependencies left out), each counted once, as found from `from` by Node's
 * lookup. A package of this workspace counts the files `npm pack` would publish (its `files`, which
 * a checkout has far more than); an installed one counts the files in its directory, which are its
 * published tarball.
 *
 * @example
 * ```ts
 * const { unpackedBytes, dependencies } = installSize('@zoom-auth/axios', benchDir)
 * ```
 */
export function installSize(name: string, from: string): InstallSize {
  const seen = new Set<string>()
  const visit = (dir: string) => {
    if (seen.has(dir)) return
    seen.add(dir)
    for (const dependency of Object.keys(readManifest(dir).dependencies ?? {}))
      visit(packageDir(dependency, dir))
  }
  const root = packageDir(name, from)
  visit(root)
  let unpackedBytes = 0
  for (const dir of seen) {
    // Workspace packages are linked in: their real path is outside every node_modules.
    const inWorkspace = !dir.split(sep).includes('node_modules')
    unpackedBytes += inWorkspace ? packedSize(dir) : directorySize(dir)
  }
  return { unpackedBytes, dependencies: seen.size - 1 }
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest
}

/** Node's lookup: `node_modules/<name>` in `from` or the nearest ancestor that has it. */
export function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate)
    if (dirname(dir) === dir) throw new Error(`bench: cannot find ${name} from ${from}`)
  }
}

const packedSizes = new Map<string, number>()

/** `unpackedSize` of `npm pack --dry-run`: the files publishing would ship, so the build must exist. */
function packedSize(dir: string): number {
  let size = packedSizes.get(dir)
  if (size === undefined) {
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    const [pack] = JSON.parse(output) as Array<{
      unpackedSize: number
      files: Array<{ path: string }>
    }>
    if (pack === undefined || !pack.files.some((file) => file.path.startsWith('dist/')))
      throw new Error(`bench: ${dir} has no build to measure (run pnpm build)`)
    size = pack.unpackedSize
    packedSizes.set(dir, size)
  }
  return size
}

/** Sum of file sizes below `dir`, not following links and not descending into `node_modules`. */
function directorySize(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += directorySize(path)
    else if (entry.isFile()) total += statSync(path).size
  }
  return total
}
