import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import {
  isZoomAuthError,
  zoomUsers,
  type UserTokenStore,
  type ZoomAuthEvent,
  type ZoomUsers,
} from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { redisUserTokenStore } from '../index.js'
import { assertBuilt, FleetChild } from './support/fleet.js'
import { CLIENT_KINDS, connectClient, REDIS_URL, scratchSpace } from './support/redis.js'
import { installUser } from './support/user-install.js'

const PROCESSES = 4
const USERS = Array.from({ length: 20 }, (_, i) => `fleet-user-${i}`)
const CALLS_PER_USER_PER_PROCESS = 5
const USER_CHILD = fileURLToPath(new URL('./support/user-fleet-child.mjs', import.meta.url))

interface CallResult {
  user: string
  status: number
  /** `id` of `GET /v2/users/me`: whose token the call carried. */
  answeredAs: string
  token: string
}

describe('a fleet of a user-level app sharing users through redisUserTokenStore', () => {
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function setUp(userIds: string[]) {
    const emulator = await startZoomEmulator({ users: userIds.map((id) => ({ id })) })
    cleanups.push(() => emulator.close())
    const space = await scratchSpace()
    cleanups.push(() => space.cleanup())
    const encryptionKey = randomBytes(32)
    /** A store on a connection of its own, as another process opens it. */
    const openStore = async (kind: (typeof CLIENT_KINDS)[number]): Promise<UserTokenStore> => {
      const connection = await connectClient(kind)
      cleanups.push(() => connection.close())
      return redisUserTokenStore(connection.client, { prefix: space.prefix, encryptionKey })
    }
    const admin = await openStore('ioredis')
    // Every user installed the app an hour ago: their access tokens have just expired.
    for (const user of userIds) await admin.put(user, await installUser(emulator, user))
    return { emulator, space, encryptionKey, admin, openStore }
  }

  /** One process of the app: its own zoomUsers and its own Redis connection. */
  function processOf(emulator: ZoomEmulator, store: UserTokenStore, timeoutMs?: number) {
    const { clientId, clientSecret } = emulator.credentials
    const users = zoomUsers({
      clientId,
      clientSecret,
      oauthBaseUrl: emulator.url,
      store,
      pollIntervalMs: 10,
      ...(timeoutMs !== undefined && { timeoutMs }),
    })
    cleanups.push(() => users.close())
    return users
  }

  /** An API call as an adapter makes it: the user's token, and one replay after a 401. */
  async function call(emulator: ZoomEmulator, users: ZoomUsers, user: string): Promise<CallResult> {
    const provider = users.forUser(user)
    let token = (await provider.getToken()).accessToken
    let response = await me(emulator, token)
    if (response.status === 401) {
      await response.arrayBuffer()
      provider.invalidate(token)
      token = (await provider.getToken()).accessToken
      response = await me(emulator, token)
    }
    const body = (await response.json()) as { id?: string }
    return { user, status: response.status, answeredAs: body.id ?? '', token }
  }

  /** Every process calls the API for every user several times, all at once. */
  function everyoneCalls(emulator: ZoomEmulator, fleet: ZoomUsers[]): Promise<CallResult[]> {
    return Promise.all(
      fleet.flatMap((users) =>
        USERS.flatMap((user) =>
          Array.from({ length: CALLS_PER_USER_PER_PROCESS }, () => call(emulator, users, user)),
        ),
      ),
    )
  }

  it(
    `refreshes each of ${USERS.length} users exactly once per expiry across ${PROCESSES} processes, and never presents a refresh token twice`,
    { timeout: 60_000 },
    async () => {
      const { emulator, admin, openStore } = await setUp(USERS)
      // Half the fleet on ioredis, half on node-redis: both read and write the same grants.
      const fleet = await Promise.all(
        Array.from({ length: PROCESSES }, async (_, i) =>
          processOf(emulator, await openStore(CLIENT_KINDS[i % 2]!)),
        ),
      )

      // Every process crosses every user's expiry at once.
      const first = await everyoneCalls(emulator, fleet)
      expect(first).toHaveLength(PROCESSES * USERS.length * CALLS_PER_USER_PER_PROCESS)
      expectServedAsTheirUsers(first)
      for (const user of USERS) {
        expect(emulator.stats.refreshGrantsByUser[user], user).toBe(1)
        const stored = await admin.get(user)
        // Written before anyone got the token: the store holds what every process handed out.
        expect(stored?.accessToken === tokensOf(first, user)[0], user).toBe(true)
        expect(stored?.refreshStartedAt, user).toBeUndefined()
        expect(stored?.dead, user).toBeUndefined()
      }

      // Zoom expires every access token: 401s in every process, one refresh per user.
      emulator.expireTokens()
      const second = await everyoneCalls(emulator, fleet)
      expectServedAsTheirUsers(second)
      for (const user of USERS) {
        expect(emulator.stats.refreshGrantsByUser[user], user).toBe(2)
        expect(tokensOf(second, user)[0] !== tokensOf(first, user)[0], user).toBe(true)
      }

      expect(emulator.stats.refreshGrants).toBe(2 * USERS.length)
      expect(emulator.stats.refreshTokensPresentedTwice).toBe(0)
      expect(emulator.stats.deadRefreshTokenPresentations).toBe(0)
    },
  )

  it(
    'never presents the refresh token of a process killed mid-refresh again: that user is asked to install again, others are served',
    { timeout: 60_000 },
    async () => {
      assertBuilt()
      const { emulator, space, encryptionKey, openStore } = await setUp(['crashed', 'other'])
      // Zoom rotates the grant, and its answer never leaves: the holder dies waiting for it.
      emulator.failNextTokenRequests({ afterProcessing: true, delayMs: Infinity })
      const child = new FleetChild(
        {
          redisUrl: REDIS_URL,
          prefix: space.prefix,
          encryptionKey: encryptionKey.toString('base64'),
          oauthBaseUrl: emulator.url,
          credentials: emulator.credentials,
          client: 'node-redis',
          // Its lease is this plus 5 s: the child is killed long before it would give up.
          timeoutMs: 3_000,
        },
        USER_CHILD,
      )
      cleanups.push(() => child.kill())
      await child.expect('ready')
      child.send({ type: 'getToken', user: 'crashed' })
      await child.expect('asked')
      await until(() => emulator.stats.tokenRequestsByGrant['refresh_token'] === 1)
      child.kill()
      await child.exited()

      const store = await openStore('ioredis')
      // What the dead process left: its mark on the grant, its lock until the lease ends.
      expect((await store.get('crashed'))?.refreshStartedAt).toBeDefined()
      expect((await store.get('crashed'))?.dead).toBeUndefined()
      expect(emulator.stats.refreshGrants).toBe(1)

      // Another process of the fleet; its attempts outlast the dead holder's lease.
      const users = processOf(emulator, store, 15_000)
      const events: ZoomAuthEvent[] = []
      users.subscribe((event) => events.push(event))
      const [crashed, other] = await Promise.allSettled([
        users.forUser('crashed').getToken(),
        call(emulator, users, 'other'),
      ])
      expect(other).toMatchObject({
        status: 'fulfilled',
        value: { status: 200, answeredAs: 'other' },
      })
      expect(crashed.status).toBe('rejected')
      const error = (crashed as PromiseRejectedResult).reason as unknown
      expect(isZoomAuthError(error) && error.code).toBe('reauthorization_required')
      expect(error).toMatchObject({ userKey: 'crashed' })
      expect((await store.get('crashed'))?.dead).toMatchObject({ reason: 'answer_lost' })
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'reauthorization_required', userKey: 'crashed' }),
      )

      // Asked again, by a fresh process: still nothing sent for that user.
      const later = processOf(emulator, await openStore('node-redis'))
      await expect(later.forUser('crashed').getToken()).rejects.toMatchObject({
        code: 'reauthorization_required',
      })
      expect(emulator.stats.tokenRequestsByGrant['refresh_token']).toBe(2) // the crashed one, and other's
      expect(emulator.stats.refreshTokensPresentedTwice).toBe(0)
      expect(emulator.stats.deadRefreshTokenPresentations).toBe(0)

      // No token, refresh token or secret in what the app sees.
      const raw = await space.admin.get(space.grantKey('crashed'))
      const seen = JSON.stringify(events) + JSON.stringify(error) + String(error)
      expect(seen).not.toContain(emulator.credentials.clientSecret)
      expect(seen).not.toMatch(/eyJ/)
      expect(raw).not.toMatch(/eyJ/)
    },
  )
})

function me(emulator: ZoomEmulator, token: string): Promise<Response> {
  return fetch(`${emulator.url}/v2/users/me`, { headers: { authorization: `Bearer ${token}` } })
}

/** Every call succeeded, with a token of its own user, and each user's calls shared one token. */
function expectServedAsTheirUsers(results: CallResult[]): void {
  expect(results.filter((result) => result.status !== 200)).toHaveLength(0)
  expect(results.filter((result) => result.answeredAs !== result.user)).toHaveLength(0)
  for (const user of USERS) expect(new Set(tokensOf(results, user)).size, user).toBe(1)
}

function tokensOf(results: CallResult[], user: string): string[] {
  return results.filter((result) => result.user === user).map((result) => result.token)
}

/** Polls `condition` every few ms; rejects after 10 s without it. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = performance.now() + 10_000
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('gave up waiting')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
