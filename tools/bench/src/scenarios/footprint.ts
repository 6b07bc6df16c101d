import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'

export interface FootprintRow {
  package: string
  ours: boolean
  /** Minified bytes of the bundle (peer dependencies external, dependencies bundled). */
  minifiedBytes: number
  /** The same, gzipped (level 9). */
  gzipBytes: number
  /** For our adapters: min+gz of the adapter alone, with @zoom-auth/core external too. */
  ownGzipBytes?: number
  /**
   * For ours: min+gz of what an app's one import brings (`zoomAuth` of an adapter, `zoomTokenProvider`
   * of core, `redisTokenStore` of redis), tree-shaken as an app's bundler would.
   */
  appGzipBytes?: number
  /** Distinct packages installed with it at run time (transitive `dependencies`, peers not counted). */
  runtimeDependencies: number
}

export interface ModuleWeight {
  module: string
  minifiedBytes: number
  share: number
}

export interface FootprintResult {
  rows: FootprintRow[]
  /** Where core's bytes go, by source module (esbuild of core's src, minified). */
  coreModules: ModuleWeight[]
}

/** Target for core, min+gz, with zero runtime dependencies. Reported; not a count invariant. */
export const CORE_MAX_GZIP_BYTES = 4 * 1024

/** Ours, each with the one export an app imports from it. */
const APP_IMPORTS: Record<string, string> = {
  '@zoom-auth/core': 'zoomTokenProvider',
  '@zoom-auth/axios': 'zoomAuth',
  '@zoom-auth/ky': 'zoomAuth',
  '@zoom-auth/got': 'zoomAuth',
  '@zoom-auth/fetch': 'zoomAuth',
  '@zoom-auth/redis': 'redisTokenStore',
}
const OURS = Object.keys(APP_IMPORTS)
const PEERS = ['@badgateway/oauth2-client', 'axios-auth-refresh', 'simple-oauth2']
const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Scenario 7, footprint: each package's built ESM entry bundled by esbuild for Node, minified, with
 * its peer dependencies external, then gzipped; and the number of packages it installs.
 */
export async function footprint(): Promise<FootprintResult> {
  const rows: FootprintRow[] = []
  for (const name of [...OURS, ...PEERS]) {
    const dir = packageDir(name, BENCH_DIR)
    const manifest = readManifest(dir)
    const peers = Object.keys(manifest.peerDependencies ?? {})
    const entry = fileURLToPath(import.meta.resolve(name))
    const full = await bundle(entry, peers)
    const isAdapter = OURS.includes(name) && name !== '@zoom-auth/core'
    const appImport = APP_IMPORTS[name]
    rows.push({
      package: name,
      ours: OURS.includes(name),
      minifiedBytes: full.code.length,
      gzipBytes: gzipSync(full.code, { level: 9 }).length,
      ...(isAdapter && {
        ownGzipBytes: gzipSync((await bundle(entry, [...peers, '@zoom-auth/core'])).code, {
          level: 9,
        }).length,
      }),
      ...(appImport !== undefined && {
        appGzipBytes: gzipSync(
          (await bundle({ contents: `export { ${appImport} } from '${name}'` }, peers)).code,
          { level: 9 },
        ).length,
      }),
      runtimeDependencies: countRuntimeDependencies(dir),
    })
  }
  return { rows, coreModules: await coreModuleWeights() }
}

async function bundle(
  entry: string | { contents: string },
  external: string[],
): Promise<{ code: Uint8Array; metafile: Metafile }> {
  const result = await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: BENCH_DIR, loader: 'js' as const } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  return { code: result.outputFiles[0]!.contents, metafile: result.metafile }
}

/** core's dist is one file, so its source is bundled the same way to see which modules weigh most. */
async function coreModuleWeights(): Promise<ModuleWeight[]> {
  const coreDir = packageDir('@zoom-auth/core', BENCH_DIR)
  const { metafile } = await bundle(join(coreDir, 'src', 'index.ts'), [])
  const inputs = Object.values(metafile.outputs)[0]?.inputs ?? {}
  const total = Object.values(inputs).reduce((sum, input) => sum + input.bytesInOutput, 0)
  return Object.entries(inputs)
    .map(([path, input]) => ({
      module: relative(join(coreDir, 'src'), join(process.cwd(), path)).replaceAll('\\', '/'),
      minifiedBytes: input.bytesInOutput,
      share: Math.round((input.bytesInOutput / total) * 1000) / 1000,
    }))
    .sort((a, b) => b.minifiedBytes - a.minifiedBytes)
}

interface Manifest {
  name: string
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest
}

/** Node's lookup: `node_modules/<name>` in `from` or the nearest ancestor that has it. */
function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate)
    if (dirname(dir) === dir) throw new Error(`cannot find ${name} from ${from}`)
  }
}

function countRuntimeDependencies(dir: string): number {
  const seen = new Set<string>()
  const visit = (from: string) => {
    for (const name of Object.keys(readManifest(from).dependencies ?? {})) {
      const depDir = packageDir(name, from)
      if (seen.has(depDir)) continue
      seen.add(depDir)
      visit(depDir)
    }
  }
  visit(dir)
  return seen.size
}
