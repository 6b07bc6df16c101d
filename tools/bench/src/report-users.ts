import { mark, n, table } from './markdown-table.js'
import type { BenchResults } from './report.js'
import {
  S2S_AUTHORIZE_TASK,
  USER_AUTHORIZE_TASK,
  type MicrobenchRow,
} from './scenarios/token-microbench.js'
import { meetsUserRaceTarget } from './scenarios/user-rotation-race.js'

/** The user-level sections of the report: the rotation race, then a user's cost per request and in memory. */
export function renderUserSections(results: BenchResults): string[] {
  const race = results.config.userRace
  const title =
    `### 8. User-level OAuth: rotation race, ${race.users} users, ${race.processes} processes, ` +
    `${race.tokenTtlSeconds} s tokens, ${race.expiries} expir${race.expiries === 1 ? 'y' : 'ies'} and a revocation storm`
  const raceSection =
    'skipped' in results.userRace
      ? `${title}\n\nSkipped: ${results.userRace.skipped}.`
      : `${title}\n\n` +
        `Users installed through the emulator's authorize redirect and code exchange; then at each expiry ` +
        `${race.callsPerProcess} calls in flight per process (spread over the users), then one more burst with every ` +
        `access token revoked just before it (refresh tokens still good): every call of it meets a 401. Refreshes: refresh requests per user per expiry, ` +
        `the storm counted as one. Presented twice: refresh requests carrying a refresh token already presented ` +
        `(Zoom answers the second "Invalid Token!"). Logged out: users whose held refresh token no longer works at ` +
        `the end (they must install the app again). One process for a library whose tokens can't be shared.\n\n` +
        table(
          [
            'client',
            'processes',
            'calls',
            'failed',
            'refreshes per user per expiry',
            'presented twice',
            'logged out',
            'target met',
          ],
          results.userRace.rows.map((row) => [
            row.client,
            row.processes,
            n(row.calls),
            n(row.failed),
            row.refreshesPerUserPerExpiry,
            n(row.presentedTwice),
            row.loggedOut,
            mark(row.ours, meetsUserRaceTarget(row)),
          ]),
        )

  const heap = results.idleUserHeap
  const user = results.hotPath.microbench.find((row) => row.task === USER_AUTHORIZE_TASK)
  const s2s = results.hotPath.microbench.find((row) => row.task === S2S_AUTHORIZE_TASK)
  const costSection =
    `### 9. User-level OAuth: a user's cached token per request, and heap per idle user\n\n` +
    table(
      ['measure', 'value', 'target'],
      [
        [
          "`createAuthorizer(users).authorize(url, undefined, key)`, a warm user's cached token (tinybench, median of fresh processes)",
          user ? `${n(user.meanNs)} ns (${n(user.minNs)}–${n(user.maxNs)})` : 'not measured',
          user && s2s ? userCostVerdict(user, s2s) : 'not measured',
        ],
        [
          `heap per idle user, ${n(heap.users)} users in \`memoryUserTokenStore\` (${heap.tokenChars}-character tokens)`,
          `${n(heap.bytesPerUser)} bytes`,
          `reported; ${n(heap.tokenBytesPerUser)} of it are the two token strings`,
        ],
      ],
    )
  return [raceSection, costSection]
}

/**
 * A user's row against Server-to-Server's: met when the user's median is no higher than S2S's.
 * S2S's range of rounds is printed beside it, as the measurement's own spread: a per-request user
 * key costs a lookup among the active users and a handle, work S2S doesn't do.
 */
function userCostVerdict(user: MicrobenchRow, s2s: MicrobenchRow): string {
  const difference = user.meanNs - s2s.meanNs
  return (
    `no more than Server-to-Server's \`authorize(url)\`, ${n(s2s.meanNs)} ns (${n(s2s.minNs)}–${n(s2s.maxNs)}): ` +
    `${difference <= 0 ? 'met' : 'not met'}, ${difference >= 0 ? '+' : '−'}${n(Math.abs(difference))} ns ` +
    `(medians; timing, not in the exit code)`
  )
}
