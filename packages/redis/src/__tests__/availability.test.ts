import { createServer, type Server, type Socket } from 'node:net'
import { once } from 'node:events'
import { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import { redisTokenStore, type RedisTokenStoreError } from '../index.js'

const never = () => new Promise<never>(() => {})

/** A client whose commands never answer: a Redis that hangs. */
const hangingClient = { status: 'ready', get: never, set: never, eval: never }

describe('when Redis is slow or gone, store calls fail fast', () => {
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  it.each([
    ['get', (store: ReturnType<typeof redisTokenStore>) => store.get('zoom:k')],
    ['tryLock', (store: ReturnType<typeof redisTokenStore>) => store.tryLock('zoom:k', 1_000)],
    ['delete', (store: ReturnType<typeof redisTokenStore>) => store.delete('zoom:k', 'eyJ.x')],
  ])('%s rejects with code timeout after commandTimeoutMs', async (_, call) => {
    const store = redisTokenStore(hangingClient, { commandTimeoutMs: 30 })
    await expect(call(store)).rejects.toMatchObject({
      name: 'RedisTokenStoreError',
      code: 'timeout',
    } satisfies Partial<RedisTokenStoreError>)
  })

  it('waitForToken rejects when a poll hangs past commandTimeoutMs', async () => {
    const store = redisTokenStore(hangingClient, { commandTimeoutMs: 30 })
    await expect(store.waitForToken('zoom:k', { timeoutMs: 5_000 })).rejects.toMatchObject({
      code: 'timeout',
    })
  })

  it('waitForToken still resolves at timeoutMs when that comes before the command timeout', async () => {
    const store = redisTokenStore(hangingClient, { commandTimeoutMs: 5_000 })
    expect(await store.waitForToken('zoom:k', { timeoutMs: 30 })).toBeUndefined()
  })

  it('frees a lock that Redis grants after the store stopped waiting for it', async () => {
    let grant: (reply: string) => void = () => {}
    const evals: unknown[][] = []
    const slow = {
      status: 'ready',
      get: never,
      set: () => new Promise<string>((resolve) => (grant = resolve)),
      eval: async (...args: unknown[]) => (evals.push(args), 1),
    }
    const store = redisTokenStore(slow, { commandTimeoutMs: 20 })
    await expect(store.tryLock('zoom:k', 60_000)).rejects.toMatchObject({ code: 'timeout' })
    const released = new Promise<void>((resolve) => {
      slow.eval = async (...args: unknown[]) => (evals.push(args), resolve(), 1)
    })
    grant('OK')
    await released
    expect(evals).toHaveLength(1)
    expect(evals[0]?.[2]).toBe('zoom-auth:{zoom:k}:lock')
  })

  it('rejects at once with code unavailable while a node-redis client reconnects', async () => {
    let calls = 0
    const reconnecting = {
      isOpen: true,
      isReady: false,
      get: () => (calls++, never()),
      set: never,
      eval: never,
    }
    const store = redisTokenStore(reconnecting, { commandTimeoutMs: 60_000 })
    await expect(store.get('zoom:k')).rejects.toMatchObject({ code: 'unavailable' })
    expect(calls).toBe(0)
  })

  it('rejects at once with code unavailable while an ioredis client reconnects (instead of queueing)', async () => {
    // A port that refuses connections: ioredis goes to "reconnecting" and would queue commands.
    const server = createServer()
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as { port: number }
    server.close()
    await once(server, 'close')

    const client = new Redis(port, '127.0.0.1', { retryStrategy: () => 60_000 })
    client.on('error', () => {})
    cleanups.push(() => client.disconnect())
    // events.once would reject on the 'error' event that precedes it.
    await new Promise((resolve) => client.once('reconnecting', resolve))

    const store = redisTokenStore(client, { commandTimeoutMs: 60_000 })
    await expect(store.get('zoom:k')).rejects.toMatchObject({ code: 'unavailable' })
    await expect(
      store.set('zoom:k', {
        accessToken: 'eyJ.x',
        tokenType: 'bearer',
        expiresAt: Date.now() + 60_000,
        scopes: [],
      }),
    ).rejects.toMatchObject({ code: 'unavailable' })
  })

  it('times out against a server that accepts connections but never answers', async () => {
    const sockets = new Set<Socket>()
    const server: Server = createServer((socket) => void sockets.add(socket))
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy()
      server.close()
    })
    const { port } = server.address() as { port: number }
    const client = new Redis(port, '127.0.0.1')
    client.on('error', () => {})
    cleanups.push(() => client.disconnect())

    const store = redisTokenStore(client, { commandTimeoutMs: 50 })
    await expect(store.get('zoom:k')).rejects.toMatchObject({ code: 'timeout' })
  })
})
