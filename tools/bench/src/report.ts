import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { BenchConfig } from './bench-config.js'
import type { ClientSpec } from './clients/types.js'
import { mark, n, table } from './markdown-table.js'
import { renderUserSections } from './report-users.js'
import { meetsBadCredentialsTarget, type BadCredentialsRow } from './scenarios/bad-credentials.js'
import { meetsColdBurstTarget, type ColdBurstRow } from './scenarios/cold-burst.js'
import { meetsExpiryCrossingTarget, type ExpiryCrossingRow } from './scenarios/expiry-crossing.js'
import { meetsFleetTarget, type FleetResult } from './scenarios/fleet.js'
import type { FootprintResult, Spread } from './scenarios/footprint.js'
import { HOT_PATH_MIN_RATIO, type HotPathResult } from './scenarios/hot-path.js'
import type { IdleUserHeapResult } from './scenarios/idle-user-heap.js'
import {
  meetsRevocationStormTarget,
  type RevocationStormRow,
} from './scenarios/revocation-storm.js'
import type { UserRaceResult } from './scenarios/user-rotation-race.js'

/** Everything one run measured: what `results/latest.json` holds. */
export interface BenchResults {
  date: string
  node: string
  platform: string
  cpus: number
  quick: boolean
  durationMs: number
  config: BenchConfig
  /** Who is compared, through which HTTP client, with which OAuth grant. */
  clients: Array<Pick<ClientSpec, 'name' | 'transport' | 'grant' | 'ours'>>
  coldBurst: ColdBurstRow[]
  revocationStorm: RevocationStormRow[]
  expiryCrossing: ExpiryCrossingRow[]
  hotPath: HotPathResult
  badCredentials: BadCredentialsRow[]
  fleet: FleetResult
  footprint: FootprintResult
  userRace: UserRaceResult
  idleUserHeap: IdleUserHeapResult
  /** Count invariants ours broke; any makes `pnpm bench` exit non-zero. */
  violations: string[]
}

const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(2)} MB`

/** The run as markdown: one table per scenario, then the verdict. */
export function renderMarkdown(results: BenchResults): string {
  const { config } = results
  const via = (client: string) =>
    results.clients.find((spec) => spec.name === client)?.transport ?? ''
  const sections: string[] = []

  sections.push(
    `_${results.date.slice(0, 10)}, Node ${results.node}, ${results.platform}, ${results.cpus} cores` +
      `${results.quick ? ', **--quick run**' : ''}; loopback against @zoom-auth/testing's emulator, ` +
      (config.tokenLatencyMs > 0
        ? `its token endpoint answering in ${config.tokenLatencyMs} ms as across a network (scenarios 1, 2, 3, 5). `
        : 'its token endpoint answering at loopback speed (`--token-latency-ms=0`). ') +
      `Counts are exact; timings are indicative (shared machine)._`,
  )

  sections.push(
    `### 1. Cold burst: ${n(config.coldBurst.requests)} concurrent requests from a fresh client\n\n` +
      `Replays: API requests beyond one per call (sent again after a 401).\n\n` +
      table(
        ['client', 'via', 'token requests', 'failed', 'replays', 'p50 ms', 'p99 ms', 'target met'],
        results.coldBurst.map((row) => [
          row.client,
          via(row.client),
          row.tokenRequests,
          row.failed,
          row.replays,
          row.p50Ms,
          row.p99Ms,
          mark(row.ours, meetsColdBurstTarget(row)),
        ]),
      ),
  )

  sections.push(
    `### 2. Revocation storm: every token revoked with ${n(config.revocationStorm.requests)} requests in flight\n\n` +
      table(
        ['client', 'via', 'token requests', 'failed', 'replays', 'target met'],
        results.revocationStorm.map((row) => [
          row.client,
          via(row.client),
          row.tokenRequests,
          row.failed,
          row.replays,
          mark(row.ours, meetsRevocationStormTarget(row)),
        ]),
      ),
  )

  const expiry = config.expiryCrossing
  sections.push(
    `### 3. Expiry crossing: ${expiry.tokenTtlSeconds} s tokens, ${expiry.ratePerSecond} requests/s for ${expiry.durationMs / 1000} s\n\n` +
      `Sent with expired token: API requests the emulator answered 401 "expired". Waited: calls that carried a token which ` +
      `reached the client after the call started. Worst added: slowest waiting call minus p50. Max: slowest call of all, noise included.\n\n` +
      table(
        [
          'client',
          'via',
          'token requests',
          'sent with expired token',
          'waited for token endpoint',
          'failed',
          'p50 ms',
          'worst added ms',
          'max ms',
          'target met',
        ],
        results.expiryCrossing.map((row) => [
          row.client,
          via(row.client),
          row.tokenRequests,
          row.sentWithExpiredToken,
          row.waitedForToken,
          row.failed,
          row.p50Ms,
          row.worstAddedMs,
          row.maxMs,
          mark(row.ours, meetsExpiryCrossingTarget(row)),
        ]),
      ),
  )

  const hot = config.hotPath
  sections.push(
    `### 4. Hot path: with auth vs the same client with a fixed header\n\n` +
      `Keep-alive loopback, emulator in its own process. **Ratio**: ${hot.alternatingRepetitions} × ${n(hot.alternatingRequests)} ` +
      `sequential requests alternating between the two clients (ABBA); median latency with a fixed header / with auth, ` +
      `i.e. the throughput ratio of a sequential client (median of repetitions, min–max). ` +
      `**Concurrent**: ${hot.rounds} interleaved rounds of ${n(hot.requestsPerRound)} requests, ${hot.concurrency} at a time ` +
      `(median of per-round ratios, p25–p75), with this process' CPU time per request. ` +
      `Target for ours: ratio ≥ ${HOT_PATH_MIN_RATIO} (timing, so it never sets the exit code). ` +
      `The calibration row compares one client with an identical one: its distance from 1 is the noise. ` +
      `**Floor**: the bare client plus do-nothing code in the extension points our adapter uses (interceptor and ` +
      `adapter wrapper, hooks, handler, wrapper function), measured the same way: what the HTTP client charges ` +
      `any integration of that shape; the rest of the gap is the adapter's own work.\n\n` +
      table(
        [
          'client',
          'via',
          'ratio (min–max)',
          'floor',
          'median ms fixed → auth',
          'req/s fixed → auth (concurrent)',
          'concurrent ratio (p25–p75)',
          'CPU µs/request fixed → auth',
          'target met',
        ],
        [...results.hotPath.rows, results.hotPath.calibration].map((row) => [
          row.client,
          row.transport,
          `${row.ratio.toFixed(3)} (${row.ratioMin.toFixed(3)}–${row.ratioMax.toFixed(3)})`,
          row.floorRatio?.toFixed(3) ?? '–',
          `${row.bareMedianLatencyMs.toFixed(3)} → ${row.authMedianLatencyMs.toFixed(3)}`,
          `${n(row.bareRequestsPerSecond)} → ${n(row.authRequestsPerSecond)}`,
          `${row.concurrentRatio.toFixed(3)} (${row.concurrentRatioP25.toFixed(2)}–${row.concurrentRatioP75.toFixed(2)})`,
          `${row.bareCpuMicrosPerRequest} → ${row.authCpuMicrosPerRequest}`,
          mark(row.ours, row.ratio >= HOT_PATH_MIN_RATIO),
        ]),
      ) +
      `\n\nCached token lookup (tinybench, each task alone in a fresh process; median of ${config.hotPath.microbenchRounds} rounds' means, min–max):\n\n` +
      table(
        ['task', 'ops/s', 'mean ns (min–max)'],
        results.hotPath.microbench.map((row) => [
          row.task,
          n(row.opsPerSecond),
          `${n(row.meanNs)} (${n(row.minNs)}–${n(row.maxNs)})`,
        ]),
      ),
  )

  const bad = config.badCredentials
  sections.push(
    `### 5. Bad credentials: ${n(bad.requests)} requests over ${bad.durationMs / 1000} s with a wrong secret\n\n` +
      table(
        ['client', 'via', 'token requests', 'API requests', 'failed', 'target met'],
        results.badCredentials.map((row) => [
          row.client,
          via(row.client),
          row.tokenRequests,
          row.apiRequests,
          row.failed,
          mark(row.ours, meetsBadCredentialsTarget(row)),
        ]),
      ),
  )

  const fleetConfig = config.fleet
  const fleetTitle = `### 6. Fleet: ${fleetConfig.processes} processes, ${fleetConfig.tokenTtlSeconds} s tokens, ${fleetConfig.expiries} expir${fleetConfig.expiries === 1 ? 'y' : 'ies'} crossed`
  sections.push(
    'rows' in results.fleet
      ? `${fleetTitle}\n\n` +
          table(
            [
              '@zoom-auth/core store',
              'token requests at cold start',
              'token requests per expiry',
              'tokens issued',
              'target met',
            ],
            results.fleet.rows.map((row) => [
              row.store === 'redis' ? '@zoom-auth/redis' : 'none (in-memory)',
              row.coldTokenRequests,
              row.tokenRequestsPerExpiry,
              row.tokensIssued,
              mark(row.store === 'redis', meetsFleetTarget(row)),
            ]),
          )
      : `${fleetTitle}\n\nSkipped: ${results.fleet.skipped}.`,
  )

  const footprint = results.footprint
  const spread = (value: Spread | undefined) =>
    value === undefined
      ? '–'
      : `${value.ms.toFixed(1)} (${value.p25Ms.toFixed(1)}–${value.p75Ms.toFixed(1)})`
  const median = (value: Spread | undefined) => value?.ms.toFixed(1) ?? '–'
  const esm = footprint.esmEntryOverBare
  sections.push(
    `### 7. Footprint: cold import and install size\n\n` +
      `**Cold import**: a fresh \`node\` whose entry imports the built package as an app does, after the ` +
      `client it plugs into (\`node --input-type=module -e "import 'axios'; import '@zoom-auth/axios'"\`), ` +
      `timed from process start to imports done, on the wall clock and as CPU time of the main thread ` +
      `(which leaves out waiting for a CPU, so it holds on a busy machine). Against bare \`node -e\` ` +
      `(${footprint.bareNodeMs.toFixed(1)} ms; an ES module entry importing nothing adds ${median(esm.wall)} ms ` +
      `wall, ${median(esm.mainThreadCpu)} ms CPU: Node's ESM loader) and against the client imported alone. ` +
      `${footprint.rounds} interleaved rounds; medians of the per-round differences (p25–p75).\n\n` +
      table(
        [
          'package',
          'with client',
          'over bare node: wall ms',
          'CPU ms',
          'client alone over bare node: wall / CPU ms',
          'over its client: wall ms',
          'CPU ms',
        ],
        footprint.rows.map(({ importOverBare, clientOverBare, importOverClient, ...row }) => [
          row.package,
          row.client ?? '–',
          spread(importOverBare.wall),
          spread(importOverBare.mainThreadCpu),
          clientOverBare === undefined
            ? '–'
            : `${median(clientOverBare.wall)} / ${median(clientOverBare.mainThreadCpu)}`,
          spread(importOverClient?.wall),
          spread(importOverClient?.mainThreadCpu),
        ]),
      ) +
      `\n\n**Install**: what \`npm install\` unpacks for the package and its transitive \`dependencies\`, ` +
      `peers (the client) left out.\n\n` +
      table(
        ['package', 'unpacked install', 'packages installed with it'],
        footprint.rows.map((row) => [row.package, size(row.unpackedBytes), row.dependencies]),
      ),
  )

  sections.push(...renderUserSections(results))

  sections.push(
    results.violations.length === 0
      ? '**Every count target of ours met.**'
      : `**Count targets broken by ours:**\n\n${results.violations.map((line) => `- ${line}`).join('\n')}`,
  )
  return sections.join('\n\n') + '\n'
}

/**
 * Writes the raw figures as JSON, and the tables as a markdown file (nx drops blank lines from what
 * it relays, so copy the tables from the file, not the terminal).
 */
export async function writeResults(
  results: BenchResults,
  markdown: string,
  paths: { json: string; markdown: string },
): Promise<void> {
  await mkdir(dirname(paths.json), { recursive: true })
  await writeFile(paths.json, `${JSON.stringify(results, null, 2)}\n`)
  await writeFile(paths.markdown, markdown)
}
