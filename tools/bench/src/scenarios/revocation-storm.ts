import type { BenchConfig } from '../bench-config.js'
import type { ClientSpec } from '../clients/types.js'
import { timedCall } from '../timed-call.js'
import { until, withClient } from './scenario-emulator.js'

export interface RevocationStormRow {
  client: string
  ours: boolean
  requests: number
  tokenRequests: number
  failed: number
  /** API requests beyond one per call: replays after a 401. */
  replays: number
}

/** Target for ours: one refresh for the whole storm, every call ends in a 200. */
export const REVOCATION_STORM_TARGET = 'exactly 1 token request, 0 failed'

/**
 * Scenario 2, revocation storm: a warm client starts `requests` calls at once, and as soon as the
 * first reaches the emulator every token is revoked, so the rest meet 401s while in flight. Counts
 * token requests, failed calls and replays.
 */
export async function revocationStorm(
  config: BenchConfig,
  clients: readonly ClientSpec[],
): Promise<RevocationStormRow[]> {
  const { requests } = config.revocationStorm
  const rows: RevocationStormRow[] = []
  for (const spec of clients) {
    rows.push(
      await withClient(
        spec,
        { tokenLatencyMs: config.tokenLatencyMs },
        async ({ client, emulator, url }) => {
          const warmUp = await timedCall(client, url)
          if (warmUp.failed) throw new Error(`${spec.name}: warm-up request failed`)
          emulator.resetStats()
          const pending = Array.from({ length: requests }, () => timedCall(client, url))
          await until(() => emulator.stats.apiRequests > 0)
          emulator.revokeTokens()
          const calls = await Promise.all(pending)
          return {
            client: spec.name,
            ours: spec.ours,
            requests,
            tokenRequests: emulator.stats.tokenRequests,
            failed: calls.filter((call) => call.failed).length,
            replays: emulator.stats.apiRequests - requests,
          }
        },
      ),
    )
  }
  return rows
}

export const meetsRevocationStormTarget = (row: RevocationStormRow): boolean =>
  row.tokenRequests === 1 && row.failed === 0

/** Where ours missed the target, one line each. */
export function revocationStormViolations(rows: readonly RevocationStormRow[]): string[] {
  return rows
    .filter((row) => row.ours && !meetsRevocationStormTarget(row))
    .map(
      (row) =>
        `revocation storm: ${row.client} made ${row.tokenRequests} token requests with ${row.failed} failed (target: ${REVOCATION_STORM_TARGET})`,
    )
}
