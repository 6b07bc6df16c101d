import type { BenchConfig } from '../bench-config.js'
import type { ClientSpec } from '../clients/types.js'
import { openLoop } from '../open-loop.js'
import { timedCall } from '../timed-call.js'
import { withClient } from './scenario-emulator.js'

export interface BadCredentialsRow {
  client: string
  ours: boolean
  requests: number
  durationMs: number
  tokenRequests: number
  /** API requests that reached the emulator anyway (without a valid token). */
  apiRequests: number
  failed: number
}

/** Most token requests ours may make: a handful, not one per call. */
export const BAD_CREDENTIALS_MAX_TOKEN_REQUESTS = 5
export const BAD_CREDENTIALS_TARGET = `at most ${BAD_CREDENTIALS_MAX_TOKEN_REQUESTS} token requests`

/**
 * Scenario 5, bad credentials under load: a client with a wrong client secret makes `requests`
 * calls spread evenly over `durationMs`. Every call fails; what differs is how hard each client
 * hammers the token endpoint meanwhile. The clients run side by side, each against its own
 * emulator: the counts don't depend on timing, and the scenario takes `durationMs` once, not per
 * client.
 */
export async function badCredentials(
  config: BenchConfig,
  clients: readonly ClientSpec[],
): Promise<BadCredentialsRow[]> {
  const { requests, durationMs } = config.badCredentials
  return Promise.all(
    clients.map((spec) =>
      withClient(
        spec,
        { tokenLatencyMs: config.tokenLatencyMs },
        async ({ client, emulator, url }): Promise<BadCredentialsRow> => {
          const calls = await openLoop((requests * 1000) / durationMs, durationMs, () =>
            timedCall(client, url),
          )
          return {
            client: spec.name,
            ours: spec.ours,
            requests: calls.length,
            durationMs,
            tokenRequests: emulator.stats.tokenRequests,
            apiRequests: emulator.stats.apiRequests,
            failed: calls.filter((call) => call.failed).length,
          }
        },
        (emulator) => ({
          credentials: { ...emulator.credentials, clientSecret: 'not-the-secret' },
        }),
      ),
    ),
  )
}

export const meetsBadCredentialsTarget = (row: BadCredentialsRow): boolean =>
  row.tokenRequests <= BAD_CREDENTIALS_MAX_TOKEN_REQUESTS

/** Where ours missed the target, one line each. */
export function badCredentialsViolations(rows: readonly BadCredentialsRow[]): string[] {
  return rows
    .filter((row) => row.ours && !meetsBadCredentialsTarget(row))
    .map(
      (row) =>
        `bad credentials: ${row.client} made ${row.tokenRequests} token requests in ${row.durationMs} ms (target: ${BAD_CREDENTIALS_TARGET})`,
    )
}
