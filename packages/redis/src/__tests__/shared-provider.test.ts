import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { zoomTokenProvider, type TokenProvider, type ZoomAuthEvent } from '@zoom-auth/core'
import { redisTokenStore } from '../index.js'
import {
  CLIENT_KINDS,
  connectClient,
  countingClient,
  scratchSpace,
  type TestClient,
} from './support/redis.js'
import { startZoomEmulator } from '@zoom-auth/testing'

describe.each(CLIENT_KINDS)('providers sharing a Redis store (%s)', (kind) => {
  let emulator: Awaited<ReturnType<typeof startZoomEmulator>>
  let space: Awaited<ReturnType<typeof scratchSpace>>
  const connections: TestClient[] = []
  const providers: TokenProvider[] = []

  beforeEach(async () => {
    // Distinctive credentials, so finding them in Redis can't be a coincidence.
    emulator = await startZoomEmulator({
      accountId: `acct-${randomUUID()}`,
      clientSecret: `secret-${randomUUID()}`,
    })
    space = await scratchSpace()
  })

  afterEach(async () => {
    for (const provider of providers.splice(0)) provider.close()
    for (const connection of connections.splice(0)) await connection.close()
    await space.cleanup()
    await emulator.close()
  })

  /** A provider with its own Redis connection, as in a separate process. */
  async function provider(events: ZoomAuthEvent[] = [], spy?: (calls: string[]) => void) {
    const connection = await connectClient(kind)
    connections.push(connection)
    const counted = countingClient(connection.client)
    spy?.(counted.calls)
    const created = zoomTokenProvider({
      ...emulator.credentials,
      oauthBaseUrl: emulator.url,
      store: redisTokenStore(counted.client, { prefix: space.prefix }),
      onEvent: (event) => events.push(event),
    })
    providers.push(created)
    return created
  }

  it('fetches one token for several providers starting at once', async () => {
    const events: ZoomAuthEvent[] = []
    const fleet = await Promise.all(Array.from({ length: 5 }, () => provider(events)))
    const tokens = await Promise.all(
      fleet.flatMap((member) => [member.getToken(), member.getToken()]),
    )
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1)
    expect(emulator.stats.tokenRequests).toBe(1)
    expect(events.filter((event) => event.type === 'token_fetched')).toHaveLength(1)
    expect(events.filter((event) => event.type === 'token_from_store')).toHaveLength(4)
  })

  it('makes no Redis call for 1,000 getToken calls on a warm provider', async () => {
    let calls: string[] = []
    const warm = await provider([], (seen) => (calls = seen))
    await warm.getToken()
    const callsWhenWarm = calls.length
    expect(callsWhenWarm).toBeGreaterThan(0)

    const tokens = await Promise.all(Array.from({ length: 1_000 }, () => warm.getToken()))
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1)
    expect(calls.length).toBe(callsWhenWarm)
    expect(emulator.stats.tokenRequests).toBe(1)
  })

  it('refreshes once when every provider invalidates the same token (a storm of 401s)', async () => {
    const fleet = await Promise.all(Array.from({ length: 5 }, () => provider()))
    const [first] = await Promise.all(fleet.map((member) => member.getToken()))
    emulator.revokeTokens()

    const refreshed = await Promise.all(
      fleet.map((member) => {
        member.invalidate(first!.accessToken)
        return member.getToken()
      }),
    )
    expect(new Set(refreshed.map((token) => token.accessToken)).size).toBe(1)
    expect(refreshed[0]?.accessToken).not.toBe(first?.accessToken)
    expect(emulator.stats.tokenRequests).toBe(2)
  })

  it('hands a cold provider a fresh token after another one invalidated the stored token', async () => {
    const a = await provider()
    const old = await a.getToken()
    a.invalidate(old.accessToken)
    const fresh = await (await provider()).getToken()
    expect(fresh.accessToken).not.toBe(old.accessToken)
    expect(emulator.stats.tokenRequests).toBe(2)
  })

  it('ends a wait for another process at close: rejects closed at once, and asks Redis nothing more', async () => {
    const connection = await connectClient(kind)
    connections.push(connection)
    const counted = countingClient(connection.client)
    const redisStore = redisTokenStore(counted.client, { prefix: space.prefix })
    let waiting: () => void = () => {}
    const waited = new Promise<void>((resolve) => (waiting = resolve))
    const store = {
      ...redisStore,
      waitForToken: (...args: Parameters<typeof redisStore.waitForToken>) => {
        waiting()
        return redisStore.waitForToken(...args)
      },
    }
    const waiter = zoomTokenProvider({
      ...emulator.credentials,
      oauthBaseUrl: emulator.url,
      store,
    })
    providers.push(waiter)
    // Another process holds the fetch lock (and will never store a token).
    expect(await redisStore.tryLock(waiter.strategy.id, 60_000)).toBeDefined()
    const result = waiter.getToken()
    await waited
    waiter.close()
    await expect(result).rejects.toMatchObject({ code: 'closed' })
    const callsAtClose = counted.calls.length
    expect(callsAtClose).toBeLessThan(10)
    expect(emulator.stats.tokenRequests).toBe(0)
  })

  it('keeps the client secret and account out of Redis keys and values', async () => {
    const token = await (await provider()).getToken()
    const keys = await space.keys()
    expect(keys).toHaveLength(1)
    const value = (await space.admin.get(keys[0]!)) ?? ''
    const { accountId, clientId, clientSecret } = emulator.credentials
    for (const text of [keys[0]!, value]) {
      expect(text).not.toContain(clientSecret)
      expect(text).not.toContain(accountId)
    }
    expect(keys[0]).not.toContain(clientId)
    expect(keys[0]).not.toContain(token.accessToken)
  })
})
