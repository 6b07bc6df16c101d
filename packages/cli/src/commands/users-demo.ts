import { memoryUserTokenStore, zoomUsers, type ZoomUsers } from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { CliError } from '../cli-error.js'
import { hasZoomEnv } from '../env-config.js'
import type { CliIo } from '../io.js'
import { percentile } from '../demo/percentile.js'
import { progressReporter } from '../demo/progress.js'
import { runUserLoad, type UserResult } from '../demo/run-user-load.js'
import { markdownTable } from '../demo/table.js'
import { userDemoClients } from '../demo/user-clients.js'

export interface UsersDemoOptions {
  users: number
  /** Default: 250, or 4 × `users` when more (each client must reach every user between storms). */
  requestsPerClient?: number | undefined
}

/**
 * `zoom-auth demo --users N` (resolves the exit code: 1 when a check fails): N users of a
 * user-level app installed in the emulator, every adapter naming a user per request, and a
 * rotation storm — every access token revoked, then half the users' expired, then one user's
 * grant revoked at Zoom. Prints refreshes per user and refresh tokens presented twice.
 *
 * @example
 * ```ts
 * process.exitCode = await usersDemoCommand(io, { users: 20 })
 * ```
 */
export async function usersDemoCommand(io: CliIo, options: UsersDemoOptions): Promise<number> {
  const requestsPerClient = options.requestsPerClient ?? Math.max(250, 4 * options.users)
  if (requestsPerClient < 4 * options.users)
    throw new CliError(
      `--requests must be at least 4 × --users (${4 * options.users}): every user meets every storm through every client`,
      2,
    )
  if (hasZoomEnv(io.env))
    io.stderr('ZOOM_* is ignored: --users installs its users in the bundled emulator\n')
  const width = String(options.users).length
  const ids = Array.from(
    { length: options.users },
    (_, i) => `user-${String(i + 1).padStart(width, '0')}`,
  )
  const emulator = await startZoomEmulator({ users: ids.map((id) => ({ id })) })
  const users = zoomUsers({
    clientId: emulator.credentials.clientId,
    clientSecret: emulator.credentials.clientSecret,
    oauthBaseUrl: emulator.url,
    redirectUri: 'http://127.0.0.1:4199/callback',
    store: memoryUserTokenStore(),
  })
  try {
    return await runStorm(io, emulator, users, ids, requestsPerClient)
  } finally {
    users.close()
    await emulator.close()
  }
}

async function runStorm(
  io: CliIo,
  emulator: ZoomEmulator,
  users: ZoomUsers,
  ids: string[],
  requestsPerClient: number,
): Promise<number> {
  const keys: string[] = []
  for (const id of ids) keys.push(await install(emulator, users, id))
  const loggedOut: string[] = []
  users.subscribe((event) => {
    if (event.type === 'reauthorization_required') loggedOut.push(event.userKey)
  })
  const revoked = ids.at(-1)!
  const expired = ids.filter((id, i) => i % 2 === 0 && id !== revoked)
  io.stderr(
    `Zoom emulator on ${emulator.url}: ${ids.length} users installed (authorization code with PKCE), ${requestsPerClient} requests per client spread over them\n` +
      `  storm 1 at 1/4: every access token revoked (refresh tokens still work)\n` +
      `  storm 2 at 2/4: the access tokens of ${expired.length} users expired\n` +
      `  storm 3 at 3/4: ${revoked}'s grant revoked at Zoom (as when a user removes the app)\n`,
  )
  const clients = userDemoClients(users, { hosts: [emulator.host] })
  const results = await runUserLoad({
    clients,
    users: keys,
    url: (client, user) => `${emulator.url}/v2/users/me?client=${client.name}&user=${user}`,
    requestsPerClient,
    concurrencyPerClient: 25,
    storms: [
      () => emulator.revokeTokens(),
      () => expired.forEach((id) => emulator.expireUserTokens(id)),
      () => emulator.revokeUserTokens(revoked),
    ],
    onProgress: progressReporter(io, 'requests'),
  })

  const stats = emulator.stats
  const ms = (value: number) => value.toFixed(1)
  io.stdout(
    `\n${markdownTable(
      ['client', 'requests', 'ok', 'failed', 'p50 ms', 'p99 ms'],
      results.clients.map((r) => [
        r.name,
        r.requests,
        r.ok,
        r.failed,
        ms(percentile(r.latenciesMs, 50)),
        ms(percentile(r.latenciesMs, 99)),
      ]),
    )}\n\n`,
  )
  const unauthorized = (user: string) =>
    stats.requests.filter(
      (request) => request.status === 401 && request.path.endsWith(`&user=${user}`),
    ).length
  io.stdout(
    `${markdownTable(
      ['user', 'requests', 'ok', 'failed', '401s', 'refreshes', 'refused', 'presented twice'],
      results.users.map((r) => [
        r.user,
        r.requests,
        r.ok,
        r.failed,
        unauthorized(r.user),
        stats.refreshGrantsByUser[r.user] ?? 0,
        stats.deadRefreshTokenPresentationsByUser[r.user] ?? 0,
        stats.refreshTokensPresentedTwiceByUser[r.user] ?? 0,
      ]),
    )}\n\n`,
  )

  const expected = (id: string) => 1 + (expired.includes(id) ? 1 : 0)
  const failed = results.users.reduce((sum, r) => sum + r.failed, 0)
  const others = results.users.filter((r) => r.user !== revoked)
  io.stdout(
    `refresh requests:               ${stats.tokenRequestsByGrant['refresh_token'] ?? 0} (${stats.refreshGrants} rotations, ${stats.deadRefreshTokenPresentations} refused)\n` +
      `refresh tokens presented twice: ${stats.refreshTokensPresentedTwice}\n` +
      `users logged out:               ${loggedOut.length}${loggedOut.length ? ` (${loggedOut.join(', ')})` : ''}\n` +
      `failed requests:                ${failed}\n\n${failureLines(results.users)}`,
  )
  const checks: Array<[boolean, string]> = [
    [
      stats.authorizationCodeGrants === ids.length && keys.every((key, i) => key === ids[i]),
      `${ids.length} users installed, each under its Zoom user id`,
    ],
    [
      ids.every((id) => (stats.refreshGrantsByUser[id] ?? 0) === expected(id)),
      `one refresh per user per storm: ${ids.length} after the revocation, ${expired.length} after the expiry`,
    ],
    [stats.refreshTokensPresentedTwice === 0, 'no refresh token presented twice'],
    [
      stats.deadRefreshTokenPresentations === 1 &&
        stats.deadRefreshTokenPresentationsByUser[revoked] === 1 &&
        loggedOut.join() === revoked,
      `${revoked}, revoked at Zoom, logged out after one refused refresh (reauthorization_required), never sent again`,
    ],
    [
      results.users.every((r) => r.answeredAsAnother === 0),
      'every answer came from the user its request named',
    ],
    [
      others.every((r) => r.failed === 0),
      `every request of the other ${others.length} users succeeded`,
    ],
  ]
  for (const [passed, text] of checks) io.stdout(`${passed ? '✓' : '✗'} ${text}\n`)
  return checks.every(([passed]) => passed) ? 0 : 1
}

/** Installs the emulator's `id` as a browser would (its authorize page approves at once). */
async function install(emulator: ZoomEmulator, users: ZoomUsers, id: string): Promise<string> {
  const { url } = await users.beginInstall()
  emulator.approveAs(id)
  const redirect = await fetch(url, { redirect: 'manual' })
  return (await users.completeInstall(redirect.headers.get('location')!)).key
}

/** One line per user whose requests failed, saying what the first failure was. */
function failureLines(users: UserResult[]): string {
  const lines = users
    .filter((r) => r.firstFailure !== undefined)
    .map((r) => `${r.user}: first failure: ${r.firstFailure}\n`)
  return lines.length === 0 ? '' : `${lines.join('')}\n`
}
