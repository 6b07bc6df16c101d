import { describe, expect, it } from 'vitest'
import { redisTokenStore, type RedisClientLike } from '../index.js'

const ioredisShape = {
  status: 'ready',
  get: async () => null,
  set: async () => 'OK',
  eval: async () => 0,
}

describe('redisTokenStore construction', () => {
  it.each([
    ['undefined', undefined],
    ['a URL string', 'redis://127.0.0.1:6379'],
    ['an object without eval', { status: 'ready', get() {}, set() {} }],
  ])('throws a TypeError for %s instead of a client', (_, client) => {
    expect(() => redisTokenStore(client as unknown as RedisClientLike)).toThrow(TypeError)
  })

  it('throws a TypeError when it cannot tell ioredis from node-redis', () => {
    const client = { get: async () => null, set: async () => 'OK', eval: async () => 0 }
    expect(() => redisTokenStore(client as unknown as RedisClientLike)).toThrow(
      /ioredis .* or node-redis/,
    )
  })

  it.each([
    ['pollIntervalMs', { pollIntervalMs: 0 }],
    ['commandTimeoutMs', { commandTimeoutMs: Number.NaN }],
    ['prefix', { prefix: 42 }],
    ['onError', { onError: 'log' }],
    // Node fires a longer timer after 1 ms: Redis would be polled every ms, or every command time out.
    ['pollIntervalMs beyond what a timer can wait', { pollIntervalMs: 2 ** 31 }],
    [
      'commandTimeoutMs beyond what a timer can wait',
      { commandTimeoutMs: Number.MAX_SAFE_INTEGER },
    ],
  ])('throws a TypeError for a bad %s', (_, options) => {
    expect(() => redisTokenStore(ioredisShape, options as never)).toThrow(TypeError)
  })

  it.each([
    ['a client that is not one', () => redisTokenStore(undefined as never), 'ERR_INVALID_ARG_TYPE'],
    [
      'options that are not an object',
      () => redisTokenStore(ioredisShape, 1 as never),
      'ERR_INVALID_ARG_TYPE',
    ],
    [
      'a prefix that is not a string',
      () => redisTokenStore(ioredisShape, { prefix: 1 as never }),
      'ERR_INVALID_ARG_TYPE',
    ],
    [
      'a poll interval of 0',
      () => redisTokenStore(ioredisShape, { pollIntervalMs: 0 }),
      'ERR_INVALID_ARG_VALUE',
    ],
    [
      'a key of the wrong length',
      () => redisTokenStore(ioredisShape, { encryptionKey: Buffer.alloc(8) }),
      'ERR_INVALID_ARG_VALUE',
    ],
  ])('gives %s the code Node gives such a TypeError', (_, construct, code) => {
    expect(construct).toThrow(expect.objectContaining({ name: 'TypeError', code }))
  })

  it('rejects an empty store key', async () => {
    const store = redisTokenStore(ioredisShape)
    await expect(store.get('')).rejects.toThrow(TypeError)
    await expect(store.waitForToken('', { timeoutMs: 10 })).rejects.toThrow(TypeError)
  })

  it('uses the ioredis calling convention for an ioredis-shaped client', async () => {
    const calls: unknown[][] = []
    const client = {
      status: 'ready',
      get: async () => null,
      set: async (...args: unknown[]) => (calls.push(['set', ...args]), 'OK'),
      eval: async (...args: unknown[]) => (calls.push(['eval', ...args]), 0),
    }
    const store = redisTokenStore(client, { prefix: 'p:' })
    const lock = await store.tryLock('k', 1_000)
    await lock?.release()
    expect(calls[0]).toEqual(['set', 'p:{k}:lock', expect.any(String), 'PX', 1_000, 'NX'])
    expect(calls[1]).toEqual(['eval', expect.any(String), 1, 'p:{k}:lock', calls[0]?.[2]])
  })

  it('uses the node-redis calling convention for a node-redis-shaped client', async () => {
    const calls: unknown[][] = []
    const client = {
      isOpen: true,
      isReady: true,
      get: async () => null,
      set: async (...args: unknown[]) => (calls.push(['set', ...args]), 'OK'),
      eval: async (...args: unknown[]) => (calls.push(['eval', ...args]), 0),
    }
    const store = redisTokenStore(client, { prefix: 'p:' })
    const lock = await store.tryLock('k', 1_000)
    await lock?.release()
    expect(calls[0]).toEqual(['set', 'p:{k}:lock', expect.any(String), { NX: true, PX: 1_000 }])
    expect(calls[1]).toEqual([
      'eval',
      expect.any(String),
      { keys: ['p:{k}:lock'], arguments: [calls[0]?.[2]] },
    ])
  })
})
