import { fileURLToPath } from 'node:url'
import type { BenchConfig } from '../bench-config.js'
import { coldImportTimes, type ColdImport } from '../cold-import.js'
import { installSize } from '../install-size.js'
import { median, percentile, round } from '../percentiles.js'

/** Median over interleaved rounds of one process' time minus another's, with its quartiles. */
export interface Spread {
  ms: number
  p25Ms: number
  p75Ms: number
}

/** How much longer one process took than another to have its imports done. */
export interface TimeDifference {
  /** From process start, wall clock: what an app waits. */
  wall: Spread
  /** CPU time of the main thread: the same work, without the time spent waiting for a CPU. */
  mainThreadCpu?: Spread
}

export interface FootprintRow {
  package: string
  ours: boolean
  /** The HTTP or Redis client an app imports along with it; none for global fetch. */
  client?: string
  /** Median ms from process start to imports done (wall), importing the client and the package. */
  importMs: number
  /** Client and package, minus bare `node -e` of the same round. */
  importOverBare: TimeDifference
  /** The client alone, minus bare `node -e` of the same round. */
  clientOverBare?: TimeDifference
  /** Client and package, minus the client alone: what the package adds to an app's start. */
  importOverClient?: TimeDifference
  /** Bytes `npm install` unpacks for it and its transitive `dependencies`, peers left out. */
  unpackedBytes: number
  /** Packages installed with it (transitive `dependencies`, peers left out). */
  dependencies: number
}

export interface FootprintResult {
  /** Interleaved rounds the import times come from. */
  rounds: number
  /** Median ms from process start to its script running, of bare `node -e` (wall). */
  bareNodeMs: number
  /** An ES module entry importing nothing, minus bare `node -e`: Node's ESM loader, paid by any ESM app. */
  esmEntryOverBare: TimeDifference
  rows: FootprintRow[]
}

/** Ours and the peers, each with the client an app imports along with it. */
const PACKAGES: ReadonlyArray<{ name: string; ours: boolean; client?: string }> = [
  { name: '@zoom-auth/core', ours: true },
  { name: '@zoom-auth/axios', ours: true, client: 'axios' },
  { name: '@zoom-auth/ky', ours: true, client: 'ky' },
  { name: '@zoom-auth/got', ours: true, client: 'got' },
  { name: '@zoom-auth/fetch', ours: true },
  { name: '@zoom-auth/undici', ours: true, client: 'undici' },
  { name: '@zoom-auth/redis', ours: true, client: 'ioredis' },
  { name: '@badgateway/oauth2-client', ours: false },
  { name: 'axios-auth-refresh', ours: false, client: 'axios' },
  { name: 'simple-oauth2', ours: false },
]
const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url))
const BARE = 'node -e'
const ESM_ENTRY = 'ESM entry'

/**
 * Scenario 7, footprint: how long a fresh Node process takes to import each package as an app
 * does (the built dist, through its `exports`, with the client it plugs into), against bare Node
 * and against the client alone; and what installing it puts on disk.
 */
export function footprint(config: BenchConfig): FootprintResult {
  const clients = [...new Set(PACKAGES.flatMap(({ client }) => client ?? []))]
  // Each process runs next to the one it is compared with: bare node first, then those without a
  // client, then each client followed by the packages that import it.
  const imports: ColdImport[] = [
    { name: BARE, modules: [] },
    { name: ESM_ENTRY, modules: [], esm: true },
    ...PACKAGES.filter(({ client }) => client === undefined).map(({ name }) => ({
      name,
      modules: [name],
    })),
    ...clients.flatMap((client) => [
      { name: client, modules: [client] },
      ...PACKAGES.filter((entry) => entry.client === client).map(({ name }) => ({
        name,
        modules: [client, name],
      })),
    ]),
  ]
  const times = coldImportTimes(imports, { rounds: config.footprint.importRounds, cwd: BENCH_DIR })
  const spread = (differences: number[]): Spread => ({
    ms: round(median(differences), 1),
    p25Ms: round(percentile(differences, 25), 1),
    p75Ms: round(percentile(differences, 75), 1),
  })
  const over = (a: string, b: string): TimeDifference => {
    const pairs = times[a]!.map((time, index) => [time, times[b]![index]!] as const)
    const cpu = pairs.map(([x, y]) => (x.mainThreadCpuMs ?? NaN) - (y.mainThreadCpuMs ?? NaN))
    return {
      wall: spread(pairs.map(([x, y]) => x.wallMs - y.wallMs)),
      ...(cpu.every(Number.isFinite) && { mainThreadCpu: spread(cpu) }),
    }
  }

  const rows = PACKAGES.map(({ name, ours, client }): FootprintRow => {
    const installed = installSize(name, BENCH_DIR)
    return {
      package: name,
      ours,
      ...(client !== undefined && { client }),
      importMs: round(median(times[name]!.map(({ wallMs }) => wallMs)), 1),
      importOverBare: over(name, BARE),
      ...(client !== undefined && {
        clientOverBare: over(client, BARE),
        importOverClient: over(name, client),
      }),
      unpackedBytes: installed.unpackedBytes,
      dependencies: installed.dependencies,
    }
  })
  return {
    rounds: config.footprint.importRounds,
    bareNodeMs: round(median(times[BARE]!.map(({ wallMs }) => wallMs)), 1),
    esmEntryOverBare: over(ESM_ENTRY, BARE),
    rows,
  }
}
