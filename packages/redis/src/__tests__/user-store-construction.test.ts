import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { zoomUsers } from '@zoom-auth/core'
import { redisUserTokenStore, type RedisClientLike } from '../index.js'
import { makeGrant } from './support/grants.js'

const encryptionKey = randomBytes(32)
const ioredisShape = {
  status: 'ready',
  get: async () => null,
  set: async () => 'OK',
  eval: async () => 0,
}

describe('redisUserTokenStore construction', () => {
  it.each([
    ['undefined', undefined],
    ['a URL string', 'redis://127.0.0.1:6379'],
    ['an object without eval', { status: 'ready', get() {}, set() {} }],
  ])('throws a TypeError naming redisUserTokenStore for %s instead of a client', (_, client) => {
    expect(() =>
      redisUserTokenStore(client as unknown as RedisClientLike, { encryptionKey }),
    ).toThrow(/redisUserTokenStore needs an ioredis or node-redis client/)
  })

  it.each([
    ['no options', undefined, 'ERR_INVALID_ARG_TYPE', /"encryptionKey"/],
    ['options without an encryptionKey', {}, 'ERR_INVALID_ARG_TYPE', /never stored in clear/],
    [
      'a key of the wrong length',
      { encryptionKey: Buffer.alloc(16) },
      'ERR_INVALID_ARG_VALUE',
      /32 bytes/,
    ],
    [
      'a key that is not hex or base64 of 32 bytes',
      { encryptionKey: 'secret' },
      'ERR_INVALID_ARG_VALUE',
      /32 bytes/,
    ],
    [
      'a prefix that is not a string',
      { encryptionKey, prefix: 1 },
      'ERR_INVALID_ARG_TYPE',
      /"prefix"/,
    ],
    [
      'a commandTimeoutMs of NaN',
      { encryptionKey, commandTimeoutMs: Number.NaN },
      'ERR_INVALID_ARG_VALUE',
      /commandTimeoutMs/,
    ],
    [
      'a commandTimeoutMs beyond what a timer can wait',
      { encryptionKey, commandTimeoutMs: 2 ** 31 },
      'ERR_INVALID_ARG_VALUE',
      /commandTimeoutMs/,
    ],
    [
      'an onError that is not a function',
      { encryptionKey, onError: 'log' },
      'ERR_INVALID_ARG_TYPE',
      /onError/,
    ],
  ])('throws a TypeError at once for %s', (_, options, code, message) => {
    expect(() => redisUserTokenStore(ioredisShape, options as never)).toThrow(
      expect.objectContaining({ name: 'TypeError', code, message: expect.stringMatching(message) }),
    )
  })

  it('rejects an empty user key and an expected refresh token that is not a string', async () => {
    const store = redisUserTokenStore(ioredisShape, { encryptionKey })
    await expect(store.get('')).rejects.toThrow(TypeError)
    await expect(store.put('', makeGrant())).rejects.toThrow(TypeError)
    await expect(store.tryLock('', 1_000)).rejects.toThrow(TypeError)
    await expect(store.replace('u', undefined as never, makeGrant())).rejects.toThrow(TypeError)
  })
})

describe('redisUserTokenStore when Redis does not answer', () => {
  it('rejects at once with unavailable while the client says it is disconnected', async () => {
    const store = redisUserTokenStore(
      { ...ioredisShape, status: 'reconnecting' },
      { encryptionKey },
    )
    for (const call of [
      () => store.get('u'),
      () => store.put('u', makeGrant()),
      () => store.replace('u', 'eyJ.refresh', makeGrant()),
      () => store.delete('u'),
      () => store.tryLock('u', 1_000),
    ]) {
      await expect(call()).rejects.toMatchObject({
        name: 'RedisTokenStoreError',
        code: 'unavailable',
      })
    }
  })

  it('rejects with timeout after commandTimeoutMs', async () => {
    const never = () => new Promise(() => {})
    const store = redisUserTokenStore(
      { ...ioredisShape, get: never, eval: never },
      { encryptionKey, commandTimeoutMs: 20 },
    )
    await expect(store.get('u')).rejects.toMatchObject({ code: 'timeout' })
    await expect(store.replace('u', 'eyJ.refresh', makeGrant())).rejects.toMatchObject({
      code: 'timeout',
    })
  })

  it("fails a zoomUsers call (network_error, the store's error as cause): no grant, no refresh", async () => {
    const store = redisUserTokenStore(
      { ...ioredisShape, status: 'reconnecting' },
      { encryptionKey },
    )
    const users = zoomUsers({
      clientId: 'client',
      clientSecret: 'secret',
      store,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
      fetch: () => Promise.reject(new Error('nothing may be sent')),
    })
    try {
      await expect(users.forUser('u').getToken()).rejects.toMatchObject({
        code: 'network_error',
        cause: { name: 'RedisTokenStoreError', code: 'unavailable' },
      })
    } finally {
      users.close()
    }
  })
})
