import type { BenchConfig } from '../bench-config.js'
import type { ClientSpec } from '../clients/types.js'
import { percentile, round } from '../percentiles.js'
import { timedCall } from '../timed-call.js'
import { withClient } from './scenario-emulator.js'

export interface ColdBurstRow {
  client: string
  ours: boolean
  requests: number
  tokenRequests: number
  failed: number
  /** API requests beyond one per call: replays after a 401. */
  replays: number
  p50Ms: number
  p99Ms: number
}

/** Target for ours: the whole burst shares one token request and every call succeeds. */
export const COLD_BURST_TARGET = 'exactly 1 token request, 0 failed'

/**
 * Scenario 1, cold burst: a fresh client (no token yet) starts `requests` calls at once. Counts the
 * token requests the emulator saw and the calls that failed; times each call.
 */
export async function coldBurst(
  config: BenchConfig,
  clients: readonly ClientSpec[],
): Promise<ColdBurstRow[]> {
  const { requests } = config.coldBurst
  const rows: ColdBurstRow[] = []
  for (const spec of clients) {
    rows.push(
      await withClient(
        spec,
        { tokenLatencyMs: config.tokenLatencyMs },
        async ({ client, emulator, url }) => {
          const calls = await Promise.all(
            Array.from({ length: requests }, () => timedCall(client, url)),
          )
          const latencies = calls.map((call) => call.latencyMs)
          return {
            client: spec.name,
            ours: spec.ours,
            requests,
            tokenRequests: emulator.stats.tokenRequests,
            failed: calls.filter((call) => call.failed).length,
            replays: emulator.stats.apiRequests - requests,
            p50Ms: round(percentile(latencies, 50), 1),
            p99Ms: round(percentile(latencies, 99), 1),
          }
        },
      ),
    )
  }
  return rows
}

export const meetsColdBurstTarget = (row: ColdBurstRow): boolean =>
  row.tokenRequests === 1 && row.failed === 0

/** Where ours missed the target, one line each. */
export function coldBurstViolations(rows: readonly ColdBurstRow[]): string[] {
  return rows
    .filter((row) => row.ours && !meetsColdBurstTarget(row))
    .map(
      (row) =>
        `cold burst: ${row.client} made ${row.tokenRequests} token requests with ${row.failed} failed (target: ${COLD_BURST_TARGET})`,
    )
}
