import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { afterEach, describe, expect, it } from 'vitest'
import { zoomTokenProvider, type TokenProvider, type ZoomAuthEvent } from '@zoom-auth/core'
import { redisTokenStore, type RedisClientLike } from '../index.js'
import { ScratchRedisServer } from './support/redis-server.js'
import { startZoomEmulator } from '@zoom-auth/testing'

interface OutageClient {
  client: RedisClientLike
  /** Resolves when the client next reports it lost the server. */
  disconnected(): Promise<unknown>
  /** Resolves when the client next reports it is ready for commands. */
  ready(): Promise<unknown>
  close(): void
}

async function ioredisClient(url: string): Promise<OutageClient> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  client.on('error', () => {})
  await client.connect()
  return {
    client,
    disconnected: () => new Promise((resolve) => client.once('reconnecting', resolve)),
    ready: () => new Promise((resolve) => client.once('ready', resolve)),
    close: () => client.disconnect(),
  }
}

async function nodeRedisClient(url: string): Promise<OutageClient> {
  const client = createClient({ url, socket: { reconnectStrategy: () => 50 } })
  client.on('error', () => {})
  await client.connect()
  return {
    client,
    disconnected: () => new Promise((resolve) => client.once('reconnecting', resolve)),
    ready: () => new Promise((resolve) => client.once('ready', resolve)),
    close: () => client.destroy(),
  }
}

describe.each([
  ['ioredis', ioredisClient],
  ['node-redis', nodeRedisClient],
] as const)('when Redis dies mid-run (%s)', (_, connect) => {
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  it('keeps serving tokens from the token endpoint, then shares again once Redis is back', async () => {
    const emulator = await startZoomEmulator()
    cleanups.push(() => emulator.close())
    const server = await ScratchRedisServer.start()
    cleanups.push(() => server.kill())
    const redis = await connect(server.url)
    cleanups.push(() => redis.close())

    const store = redisTokenStore(redis.client)
    const events: ZoomAuthEvent[] = []
    const providers: TokenProvider[] = []
    const newProvider = () => {
      const provider = zoomTokenProvider({
        ...emulator.credentials,
        oauthBaseUrl: emulator.url,
        store,
        onEvent: (event) => events.push(event),
      })
      providers.push(provider)
      return provider
    }
    cleanups.push(() => providers.forEach((provider) => provider.close()))

    // Redis up: the second provider takes the first one's token from the store.
    const first = await newProvider().getToken()
    expect((await newProvider().getToken()).accessToken).toBe(first.accessToken)
    expect(emulator.stats.tokenRequests).toBe(1)

    // Redis gone: a cold provider still gets a token, fetched itself; the store errors are reported.
    const lost = redis.disconnected()
    await server.kill()
    await lost
    const duringOutage = await newProvider().getToken()
    expect(duringOutage.accessToken).not.toBe(first.accessToken)
    expect(emulator.stats.tokenRequests).toBe(2)
    expect(events.filter((event) => event.type === 'store_error').length).toBeGreaterThan(0)

    // Redis back (empty): one provider fetches and stores, the next one reuses that token.
    const back = redis.ready()
    await server.restart()
    await back
    const afterRestart = await newProvider().getToken()
    expect(emulator.stats.tokenRequests).toBe(3)
    const shared = await newProvider().getToken()
    expect(shared.accessToken).toBe(afterRestart.accessToken)
    expect(emulator.stats.tokenRequests).toBe(3)
    expect(events.at(-1)?.type).toBe('token_from_store')
  })
})
