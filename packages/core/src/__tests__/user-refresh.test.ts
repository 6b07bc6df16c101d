import { describe, expect, it, vi } from 'vitest'
import { isZoomAuthError } from '../errors.js'
import { memoryUserTokenStore } from '../user/memory-user-token-store.js'
import type { UserGrant, UserTokenStore } from '../user/user-token-store.js'
import { rotatingEndpoint } from './support/rotating-endpoint.js'
import {
  CLIENT,
  HOUR_MS,
  installed,
  useUserProcesses,
  watchedStore,
} from './support/user-processes.js'

const processOf = useUserProcesses()

async function codeOf(pending: Promise<unknown>): Promise<string | undefined> {
  try {
    await pending
    return undefined
  } catch (error) {
    return isZoomAuthError(error) ? error.code : String(error)
  }
}

describe('a user whose access token expired', () => {
  it('is refreshed once for 50 concurrent calls, and the new pair is stored before anyone gets the token', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    await installed(store, endpoint, 'u1')
    const users = processOf(endpoint, store)
    const tokens = await Promise.all(
      Array.from({ length: 50 }, () => users.forUser('u1').getToken()),
    )
    expect(new Set(tokens.map((token) => token.accessToken))).toEqual(new Set(['access-2']))
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0, failed: 0 })
    expect(await store.get('u1')).toMatchObject({
      accessToken: 'access-2',
      refreshToken: 'refresh-2',
    })
    expect((await store.get('u1'))?.refreshStartedAt).toBeUndefined()
  })

  it('is refreshed once by a fleet: eight processes sharing the store cross the expiry together', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    await installed(store, endpoint, 'u1')
    const fleet = Array.from({ length: 8 }, () => processOf(endpoint, store))
    const tokens = await Promise.all(
      fleet.flatMap((users) => Array.from({ length: 10 }, () => users.forUser('u1').getToken())),
    )
    expect(new Set(tokens.map((token) => token.accessToken))).toEqual(new Set(['access-2']))
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0, failed: 0 })
  })

  it('survives a 401 storm across the fleet with one refresh per retired token', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    await installed(store, endpoint, 'u1', HOUR_MS)
    const fleet = Array.from({ length: 4 }, () => processOf(endpoint, store))
    const first = await Promise.all(fleet.map((users) => users.forUser('u1').getToken()))
    expect(new Set(first.map((token) => token.accessToken))).toEqual(new Set(['access-1']))
    // Every process meets a 401 for access-1 many times over.
    for (const users of fleet)
      for (let i = 0; i < 10; i++) users.forUser('u1').invalidate('access-1')
    const after = await Promise.all(
      fleet.flatMap((users) => Array.from({ length: 10 }, () => users.forUser('u1').getToken())),
    )
    expect(new Set(after.map((token) => token.accessToken))).toEqual(new Set(['access-2']))
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0 })
  })
})

describe('a refresh that does not simply succeed', () => {
  it('never sends a refresh token again after its answer was lost: the user must authorize again', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    await installed(store, endpoint, 'u1')
    const users = processOf(endpoint, store)
    const events: unknown[] = []
    users.subscribe((event) => events.push(event))
    endpoint.fail('lose-answer')
    const error = await users
      .forUser('u1')
      .getToken()
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'reauthorization_required', userKey: 'u1' })
    expect((await store.get('u1'))?.dead).toMatchObject({ reason: 'answer_lost' })
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'reauthorization_required', userKey: 'u1' }),
    )
    // A second process asks too: nothing is sent again.
    expect(await codeOf(processOf(endpoint, store).forUser('u1').getToken())).toBe(
      'reauthorization_required',
    )
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0 })
    const serialized = JSON.stringify(events) + JSON.stringify(error) + String(error)
    expect(serialized).not.toMatch(/refresh-\d|access-\d|app-secret/)
  })

  it('takes the newer grant from the store when Zoom refuses a refresh token another process already rotated', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    // A refresh token Zoom no longer knows, stored for u1.
    await store.put('u1', {
      accessToken: 'access-0',
      refreshToken: 'refresh-0',
      issuedAt: Date.now() - HOUR_MS - 1000,
      expiresAt: Date.now() - 1000,
      scopes: [],
      clientId: CLIENT.clientId,
    })
    const users = processOf(endpoint, store)
    const release = endpoint.holdAnswers()
    const pending = users.forUser('u1').getToken()
    // While the refresh is out, another process (paused past its lease) stores the rotated grant.
    await vi.waitFor(() => expect(endpoint.received()).toBe(1))
    await installed(store, endpoint, 'u1', HOUR_MS)
    release()
    await expect(pending).resolves.toMatchObject({ accessToken: 'access-1' })
    expect((await store.get('u1'))?.dead).toBeUndefined()
    expect(endpoint.stats.failed).toBe(1) // Zoom did refuse refresh-0
  })

  it('marks the user dead on invalid_grant, for every process, and leaves other users alone', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    await store.put('gone', {
      accessToken: 'access-0',
      refreshToken: 'refresh-0',
      issuedAt: Date.now() - HOUR_MS - 1000,
      expiresAt: Date.now() - 1000,
      scopes: [],
      clientId: CLIENT.clientId,
    })
    await installed(store, endpoint, 'fine')
    const users = processOf(endpoint, store)
    expect(await codeOf(users.forUser('gone').getToken())).toBe('reauthorization_required')
    expect((await store.get('gone'))?.dead).toMatchObject({ reason: 'invalid_grant' })
    await expect(users.forUser('fine').getToken()).resolves.toMatchObject({
      accessToken: 'access-2',
    })
    expect(endpoint.stats.failed).toBe(1)
  })

  it('retries a refresh that never left, or that Zoom turned away unprocessed, with the same token', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    await installed(store, endpoint, 'u1')
    endpoint.fail('refuse-connection', 'server-error')
    const users = processOf(endpoint, store)
    await expect(users.forUser('u1').getToken()).resolves.toMatchObject({
      accessToken: 'access-2',
    })
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0 })
  })

  it('fails a user with no stored grant, or one of another client, before sending anything', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    const users = processOf(endpoint, store)
    expect(await codeOf(users.forUser('nobody').getToken())).toBe('reauthorization_required')
    await store.put('foreign', {
      accessToken: 'a',
      refreshToken: 'r',
      issuedAt: Date.now(),
      expiresAt: Date.now() + HOUR_MS,
      scopes: [],
      clientId: 'another-client',
    })
    expect(await codeOf(users.forUser('foreign').getToken())).toBe('reauthorization_required')
    expect(endpoint.stats).toMatchObject({ refreshes: 0, failed: 0, presentedTwice: 0 })
  })
})

describe('users in memory', () => {
  it('hands out the stored access token while it is good, without a refresh', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    await installed(store, endpoint, 'u1', HOUR_MS)
    const users = processOf(endpoint, store)
    await expect(users.forUser('u1').getToken()).resolves.toMatchObject({ accessToken: 'access-1' })
    expect(endpoint.stats.refreshes).toBe(0)
  })

  it('keeps a handle working after its provider was closed for idleness, and forget deletes the grant', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    await installed(store, endpoint, 'u1', HOUR_MS)
    const users = processOf(endpoint, store, { maxActiveUsers: 1 })
    const u1 = users.forUser('u1')
    await u1.getToken()
    await installed(store, endpoint, 'u2', HOUR_MS)
    await users.forUser('u2').getToken() // closes u1's provider: one active user at most
    await expect(u1.getToken()).resolves.toMatchObject({ accessToken: 'access-1' })
    await users.forget('u1')
    expect(await store.get('u1')).toBeUndefined()
    expect(await codeOf(u1.getToken())).toBe('reauthorization_required')
  })

  it('drops the least recently used user past maxUsers', async () => {
    const store = memoryUserTokenStore({ maxUsers: 2 })
    const grant = (key: string): UserGrant => ({
      accessToken: `a-${key}`,
      refreshToken: `r-${key}`,
      issuedAt: 0,
      expiresAt: HOUR_MS,
      scopes: [],
      clientId: 'c',
    })
    await store.put('a', grant('a'))
    await store.put('b', grant('b'))
    await store.get('a')
    await store.put('c', grant('c'))
    expect(await store.get('b')).toBeUndefined()
    expect(await store.get('a')).toBeDefined()
    expect(await store.replace('a', 'r-wrong', grant('x'))).toBe(false)
    expect(await store.replace('a', 'r-a', grant('x'))).toBe(true)
  })
})

describe('a store that fails right after Zoom rotated', () => {
  it('keeps trying to write the rotated grant instead of losing the only live refresh token', async () => {
    const endpoint = rotatingEndpoint()
    const memory = memoryUserTokenStore()
    await installed(memory, endpoint, 'u1')
    let failures = 2
    const flaky: UserTokenStore = {
      ...memory,
      replace: async (key, expected, next) => {
        // The mark goes through; the write of the rotated grant fails twice.
        if (next.refreshStartedAt === undefined && next.refreshToken !== expected && failures > 0) {
          failures--
          throw new Error('store unavailable')
        }
        return memory.replace(key, expected, next)
      },
    }
    const users = processOf(endpoint, flaky)
    await expect(users.forUser('u1').getToken()).resolves.toMatchObject({
      accessToken: 'access-2',
    })
    expect(failures).toBe(0)
    expect(await memory.get('u1')).toMatchObject({ refreshToken: 'refresh-2' })
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0 })
  })
})

describe('a user forgotten while their refresh is out', () => {
  it('stays forgotten: the rotated grant is not written back', async () => {
    const endpoint = rotatingEndpoint()
    const watched = watchedStore(memoryUserTokenStore())
    const store = watched.store
    await installed(store, endpoint, 'u1')
    const users = processOf(endpoint, store)
    const release = endpoint.holdAnswers()
    const pending = users
      .forUser('u1')
      .getToken()
      .catch(() => undefined)
    await vi.waitFor(() => expect(endpoint.received()).toBe(1))
    await users.forget('u1') // Zoom's deauthorization webhook
    release()
    await pending
    // The refresh's mark, then the rotated grant's compare-and-set, which must lose to the forget.
    await vi.waitFor(() => expect(watched.replacesSettled()).toBe(2))
    expect(await store.get('u1')).toBeUndefined()
    expect(endpoint.stats.refreshes).toBe(1)
  })
})
