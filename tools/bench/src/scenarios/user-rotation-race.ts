import { randomBytes, randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { BenchConfig } from '../bench-config.js'
import { startIpcWorker, type IpcWorker } from '../ipc-worker.js'
import { connectRedis, deleteKeys } from '../redis-scratch.js'
import { withEmulator } from './scenario-emulator.js'

/** One library in the race. */
interface RaceKind {
  client: string
  /** `src/users/race-<kind>.mjs`. */
  kind: 'ours' | 'rivet' | 'badgateway' | 'simple-oauth2'
  ours: boolean
  /** It reads users' tokens from a store shared by processes: it runs as a fleet; else in one process. */
  fleet: boolean
}

const KINDS: readonly RaceKind[] = [
  { client: '@zoom-auth/core zoomUsers, @zoom-auth/redis', kind: 'ours', ours: true, fleet: true },
  { client: '@zoom/rivet', kind: 'rivet', ours: false, fleet: true },
  { client: '@badgateway/oauth2-client', kind: 'badgateway', ours: false, fleet: false },
  { client: 'simple-oauth2', kind: 'simple-oauth2', ours: false, fleet: false },
]

export interface UserRaceRow {
  client: string
  ours: boolean
  processes: number
  users: number
  /** Natural expiries crossed; the revocation storm comes on top. */
  expiries: number
  calls: number
  failed: number
  /** Refresh requests the emulator saw (`grant_type=refresh_token`), successful or not. */
  refreshRequests: number
  /** `refreshRequests` per user per expiry, the storm counted as one. */
  refreshesPerUserPerExpiry: number
  /** Refresh requests whose refresh token had already been presented (emulator stats). */
  presentedTwice: number
  /** Refresh requests answered `invalid_grant` ("Invalid Token!"). */
  deadRefreshTokenPresentations: number
  /** Users whose held refresh token no longer works at the end: they must install the app again. */
  loggedOut: number
}

export type UserRaceResult = { skipped: string } | { rows: UserRaceRow[] }

export const USER_RACE_TARGET = '0 refresh tokens presented twice, 0 users logged out, 0 failed'

const WORKER = fileURLToPath(new URL('../users/race-worker.mjs', import.meta.url))
const REDIRECT_URI = 'http://127.0.0.1:3000/zoom/oauth/callback'
/** After tokens' expiry, before the next burst: every token of the last burst has expired. */
const EXPIRY_MARGIN_MS = 250

/**
 * The user-level rotation race: `users` users installed through the emulator's authorize redirect
 * and code exchange, then `processes` processes (one for a library that can't share users'
 * tokens) crossing `expiries` expiries of short tokens with `callsPerProcess` calls in flight each
 * at every expiry, then a revocation storm (every access token revoked, refresh tokens still good,
 * and a burst). Counts refresh requests, refresh tokens presented twice, failed calls, and
 * the users left without a working refresh token. Ours and @zoom/rivet share users' tokens through
 * Redis (a random key prefix, removed afterwards).
 */
export async function userRotationRace(config: BenchConfig): Promise<UserRaceResult> {
  const redis = await connectRedis(config.userRace.redisUrl)
  if ('skipped' in redis) return redis
  const prefix = `zoom-auth-bench:race:${randomUUID()}:`
  // Secrets for this run only, handed to the workers in their environment.
  const secrets = {
    encryptionKey: randomBytes(32).toString('base64'),
    stateSecret: randomBytes(32).toString('base64'),
  }
  try {
    const rows: UserRaceRow[] = []
    for (const kind of KINDS)
      rows.push(await raceOne(config, kind, { ...secrets, prefix: `${prefix}${kind.kind}:` }))
    return { rows }
  } finally {
    await deleteKeys(redis.client, `${prefix}*`)
    await redis.client.quit()
  }
}

async function raceOne(
  config: BenchConfig,
  kind: RaceKind,
  secrets: { encryptionKey: string; stateSecret: string; prefix: string },
): Promise<UserRaceRow> {
  const {
    users: userCount,
    processes,
    callsPerProcess,
    tokenTtlSeconds,
    expiries,
    redisUrl,
  } = config.userRace
  const users = Array.from({ length: userCount }, (_, i) => `race-user-${i}`)
  const emulatorOptions = {
    users: users.map((id) => ({ id })),
    tokenTtlSeconds,
    tokenLatencyMs: config.tokenLatencyMs,
  }
  return withEmulator(emulatorOptions, async (emulator, oauthUrl) => {
    const { clientId, clientSecret } = emulator.credentials
    const workerConfig = {
      ...secrets,
      kind: kind.kind,
      users,
      apiUrl: emulator.url,
      oauthUrl,
      credentials: { clientId, clientSecret },
      redirectUri: REDIRECT_URI,
      redisUrl,
      tokenTtlSeconds,
    }
    const workers: IpcWorker[] = Array.from({ length: kind.fleet ? processes : 1 }, () =>
      startIpcWorker(
        WORKER,
        { BENCH_RACE_CONFIG: JSON.stringify(workerConfig) },
        `race worker (${kind.client})`,
      ),
    )
    try {
      await Promise.all(workers.map((worker) => worker.reply('ready')))
      // The emulator approves authorizations in this order; the first process installs in it.
      for (const user of users) emulator.approveAs(user)
      await workers[0]!.request({ type: 'install' }, 'installed')

      let failed = 0
      const burst = async () => {
        const replies = await Promise.all(
          workers.map((worker) =>
            worker.request({ type: 'burst', calls: callsPerProcess }, 'burst-done'),
          ),
        )
        for (const reply of replies) failed += Number(reply['failed'])
      }
      let nextExpiryAt = performance.now() + tokenTtlSeconds * 1000 + EXPIRY_MARGIN_MS
      for (let expiry = 0; expiry < expiries; expiry++) {
        await new Promise((resolve) => setTimeout(resolve, nextExpiryAt - performance.now()))
        await burst()
        nextExpiryAt = performance.now() + tokenTtlSeconds * 1000 + EXPIRY_MARGIN_MS
      }
      // The storm: fresh tokens, every one revoked just before the burst, so that every call of it
      // meets a 401 (revoking as the first call lands, as scenario 2 does, lets a one-process
      // client's calls through before the emulator's own event loop gets to the revocation).
      emulator.revokeTokens()
      await burst()

      const { stats } = emulator
      const refreshRequests = stats.tokenRequestsByGrant['refresh_token'] ?? 0
      const counts = {
        refreshRequests,
        refreshesPerUserPerExpiry:
          Math.round((refreshRequests / userCount / (expiries + 1)) * 100) / 100,
        presentedTwice: stats.refreshTokensPresentedTwice,
        deadRefreshTokenPresentations: stats.deadRefreshTokenPresentations,
      }
      // Taken after the counts: the probe presents each held refresh token once more.
      const probe = await workers[0]!.request({ type: 'probe' }, 'probed')
      await Promise.all(workers.map((worker) => worker.request({ type: 'exit' }, 'bye')))
      return {
        client: kind.client,
        ours: kind.ours,
        processes: workers.length,
        users: userCount,
        expiries,
        calls: callsPerProcess * workers.length * (expiries + 1),
        failed,
        ...counts,
        loggedOut: Number(probe['loggedOut']),
      }
    } finally {
      for (const worker of workers) worker.kill()
    }
  })
}

/**
 * Refreshes per user per expiry are reported, not judged: one per user per expiry is what ours
 * make, but a burst that outlasts half a token's life (a busy machine, short tokens) has its late
 * calls refresh ahead of time, a second refresh that is no race.
 */
export const meetsUserRaceTarget = (row: UserRaceRow): boolean =>
  row.presentedTwice === 0 && row.loggedOut === 0 && row.failed === 0

/** Where ours missed the target, one line each. */
export function userRaceViolations(result: UserRaceResult): string[] {
  if (!('rows' in result)) return []
  return result.rows
    .filter((row) => row.ours && !meetsUserRaceTarget(row))
    .map(
      (row) =>
        `user rotation race: ${row.client} made ${row.refreshesPerUserPerExpiry} refreshes per user per expiry, ` +
        `presented ${row.presentedTwice} refresh tokens twice, logged ${row.loggedOut} users out, ${row.failed} calls failed ` +
        `(target: ${USER_RACE_TARGET})`,
    )
}
