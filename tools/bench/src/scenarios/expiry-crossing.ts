import type { BenchConfig } from '../bench-config.js'
import type { ClientSpec } from '../clients/types.js'
import { openLoop } from '../open-loop.js'
import { percentile, round } from '../percentiles.js'
import { timedCall } from '../timed-call.js'
import { withClient } from './scenario-emulator.js'

export interface ExpiryCrossingRow {
  client: string
  ours: boolean
  requests: number
  tokenRequests: number
  /** API requests the emulator answered 401 (no revocation here, so: sent with an expired token). */
  sentWithExpiredToken: number
  /** Calls that carried a token which reached the client only after the call had started. */
  waitedForToken: number
  failed: number
  p50Ms: number
  /** Slowest call of all, whatever made it slow (on a shared machine, often the machine). */
  maxMs: number
  /** Slowest call that waited for a token, minus the median call; 0 when none waited. */
  worstAddedMs: number
}

/** Target for ours: the token is replaced ahead of expiry, in the background. */
export const EXPIRY_CROSSING_TARGET = '0 sent with an expired token, 0 waited'

/**
 * Scenario 3, expiry crossing: short-lived tokens (`tokenTtlSeconds`) and a steady stream of calls
 * (`ratePerSecond`) from just after the first token until past its expiry. The token endpoint
 * answers in `config.tokenLatencyMs` (through a delaying proxy), as a real one would. Every token a client
 * receives is timestamped on arrival; a call that carried a token which arrived after the call
 * started must have waited for the token endpoint. Each call is tagged `?n=<index>` so the
 * emulator's request log tells which tokens it carried (a replay carries a second one).
 */
export async function expiryCrossing(
  config: BenchConfig,
  clients: readonly ClientSpec[],
): Promise<ExpiryCrossingRow[]> {
  const { tokenTtlSeconds, durationMs, ratePerSecond } = config.expiryCrossing
  const { tokenLatencyMs } = config
  const rows: ExpiryCrossingRow[] = []
  for (const spec of clients) {
    const arrivals = new Map<string, number>()
    rows.push(
      await withClient(
        spec,
        { tokenTtlSeconds, tokenLatencyMs },
        async ({ client, emulator, url }) => {
          const warmUp = await timedCall(client, `${url}?n=warm-up`)
          if (warmUp.failed) throw new Error(`${spec.name}: warm-up request failed`)
          emulator.resetStats()
          const calls = await openLoop(ratePerSecond, durationMs, (index) =>
            timedCall(client, `${url}?n=${index}`),
          )

          const tokensByCall = new Map<string, Array<string | undefined>>()
          for (const record of emulator.stats.requests) {
            const index = new URL(record.path, emulator.url).searchParams.get('n') ?? ''
            tokensByCall.set(index, [...(tokensByCall.get(index) ?? []), record.token])
          }
          const waited = calls.filter((call, index) =>
            (tokensByCall.get(String(index)) ?? []).some(
              (token) =>
                token !== undefined && (arrivals.get(token) ?? -Infinity) > call.startedAtMs,
            ),
          )
          const latencies = calls.map((call) => call.latencyMs)
          const p50Ms = percentile(latencies, 50)
          const maxMs = Math.max(...latencies)
          // What waiting cost; a slow call that waited for nothing is the machine's noise, not auth's.
          const worstWaitMs = Math.max(p50Ms, ...waited.map((call) => call.latencyMs))
          return {
            client: spec.name,
            ours: spec.ours,
            requests: calls.length,
            tokenRequests: emulator.stats.tokenRequests,
            sentWithExpiredToken: emulator.stats.unauthorized,
            waitedForToken: waited.length,
            failed: calls.filter((call) => call.failed).length,
            p50Ms: round(p50Ms, 1),
            maxMs: round(maxMs, 1),
            worstAddedMs: round(worstWaitMs - p50Ms, 1),
          }
        },
        () => ({
          tokenTtlSeconds,
          onToken: (accessToken, arrivedAtMs) => arrivals.set(accessToken, arrivedAtMs),
        }),
      ),
    )
  }
  return rows
}

export const meetsExpiryCrossingTarget = (row: ExpiryCrossingRow): boolean =>
  row.sentWithExpiredToken === 0 && row.waitedForToken === 0

/** Where ours missed the target, one line each. */
export function expiryCrossingViolations(rows: readonly ExpiryCrossingRow[]): string[] {
  return rows
    .filter((row) => row.ours && !meetsExpiryCrossingTarget(row))
    .map(
      (row) =>
        `expiry crossing: ${row.client} sent ${row.sentWithExpiredToken} requests with an expired token and ${row.waitedForToken} waited for the token endpoint (target: ${EXPIRY_CROSSING_TARGET})`,
    )
}
