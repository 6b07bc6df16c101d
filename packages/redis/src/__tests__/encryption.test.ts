import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { redisTokenStore, isRedisTokenStoreError, type RedisTokenStoreError } from '../index.js'
import { connectClient, scratchSpace, type TestClient } from './support/redis.js'
import { makeToken } from './support/tokens.js'

const KEY = 'zoom:encryption-key'

describe('encryption at rest', () => {
  let connection: TestClient
  let space: Awaited<ReturnType<typeof scratchSpace>>
  let errors: RedisTokenStoreError[]
  const key = randomBytes(32)

  beforeEach(async () => {
    space = await scratchSpace()
    connection = await connectClient('ioredis')
    errors = []
  })

  afterEach(async () => {
    await space.cleanup()
    await connection.close()
  })

  function storeWith(encryptionKey?: Uint8Array | string) {
    return redisTokenStore(connection.client, {
      prefix: space.prefix,
      ...(encryptionKey !== undefined && { encryptionKey }),
      onError: (error) => errors.push(error),
    })
  }

  it('round-trips a token, and what Redis holds is not the token in clear', async () => {
    const token = makeToken()
    await storeWith(key).set(KEY, token)
    const raw = (await space.admin.get(space.tokenKey(KEY))) ?? ''
    expect(raw).not.toContain(token.accessToken)
    expect(raw).not.toContain('user:read:admin')
    expect(await storeWith(key).get(KEY)).toEqual(token)
    expect(errors).toEqual([])
  })

  it('encrypts with a fresh IV every time', async () => {
    const token = makeToken()
    const store = storeWith(key)
    await store.set(KEY, token)
    const first = await space.admin.get(space.tokenKey(KEY))
    await store.set(KEY, token)
    expect(await space.admin.get(space.tokenKey(KEY))).not.toBe(first)
  })

  it('accepts the key as hex or base64 text too', async () => {
    const token = makeToken()
    await storeWith(key.toString('hex')).set(KEY, token)
    expect(await storeWith(key.toString('base64')).get(KEY)).toEqual(token)
    expect(await storeWith(key.toString('base64url')).get(KEY)).toEqual(token)
  })

  it('ignores a token written with another key, reports decrypt_failed, and lets it be overwritten', async () => {
    await storeWith(randomBytes(32)).set(KEY, makeToken())
    const store = storeWith(key)
    expect(await store.get(KEY)).toBeUndefined()
    expect(errors.map((error) => error.code)).toEqual(['decrypt_failed'])
    expect(isRedisTokenStoreError(errors[0])).toBe(true)

    const token = makeToken(7_200_000)
    await store.set(KEY, token)
    expect(await store.get(KEY)).toEqual(token)
  })

  it('never puts the stored value or token into the error', async () => {
    const token = makeToken()
    await storeWith(randomBytes(32)).set(KEY, token)
    await storeWith(key).get(KEY)
    const raw = (await space.admin.get(space.tokenKey(KEY))) ?? ''
    const serialized =
      JSON.stringify(errors, Object.getOwnPropertyNames(errors[0])) + errors[0]?.stack
    expect(serialized).not.toContain(token.accessToken)
    expect(serialized).not.toContain(raw.slice(-40))
  })

  it('rejects a plain token when encryption is required (it could have been planted)', async () => {
    await storeWith().set(KEY, makeToken())
    expect(await storeWith(key).get(KEY)).toBeUndefined()
    expect(errors.map((error) => error.code)).toEqual(['decrypt_failed'])
  })

  it('reports an encrypted token to a store without a key', async () => {
    await storeWith(key).set(KEY, makeToken())
    expect(await storeWith().get(KEY)).toBeUndefined()
    expect(errors[0]?.code).toBe('decrypt_failed')
    expect(errors[0]?.message).toMatch(/no "encryptionKey"/)
  })

  it('detects a ciphertext moved to another key (the Redis key is authenticated)', async () => {
    await storeWith(key).set(KEY, makeToken())
    const raw = await space.admin.get(space.tokenKey(KEY))
    await space.admin.set(space.tokenKey('zoom:elsewhere'), raw ?? '', 'PX', 60_000)
    expect(await storeWith(key).get('zoom:elsewhere')).toBeUndefined()
    expect(errors[0]?.code).toBe('decrypt_failed')
  })

  it.each([
    ['random text', 'not a token at all'],
    ['an empty string', ''],
    ['a valid header over broken JSON', `zat1.${Date.now() + 60_000}.${'A'.repeat(43)}.j.{nope`],
    ['JSON without a token', `zat1.${Date.now() + 60_000}.${'A'.repeat(43)}.j.{"scopes":[]}`],
  ])(
    'ignores garbage in the key (%s), reports unreadable_value, and overwrites it',
    async (_, garbage) => {
      await space.admin.set(space.tokenKey(KEY), garbage, 'PX', 60_000)
      const store = storeWith()
      expect(await store.get(KEY)).toBeUndefined()
      expect(errors.map((error) => error.code)).toEqual(['unreadable_value'])
      const token = makeToken()
      await store.set(KEY, token)
      expect(await store.get(KEY)).toEqual(token)
    },
  )

  it('ignores an encrypted value whose ciphertext was altered', async () => {
    await storeWith(key).set(KEY, makeToken())
    const raw = (await space.admin.get(space.tokenKey(KEY))) ?? ''
    // Change the second-to-last character (a full six bits of ciphertext) to something it isn't.
    const flipped = raw.slice(0, -2) + (raw.at(-2) === 'A' ? 'B' : 'A') + raw.slice(-1)
    expect(flipped).not.toBe(raw)
    await space.admin.set(space.tokenKey(KEY), flipped, 'PX', 60_000)
    expect(await storeWith(key).get(KEY)).toBeUndefined()
    expect(errors[0]?.code).toMatch(/decrypt_failed|unreadable_value/)
  })

  it('reports the same unreadable value once, not on every read', async () => {
    await space.admin.set(space.tokenKey(KEY), 'garbage', 'PX', 60_000)
    const store = storeWith()
    await store.get(KEY)
    await store.get(KEY)
    expect(errors).toHaveLength(1)
  })

  it('keeps waiting past an unreadable value for the token being fetched', async () => {
    await space.admin.set(space.tokenKey(KEY), 'garbage', 'PX', 60_000)
    const store = storeWith(key)
    const lock = await store.tryLock(KEY, 5_000)
    const waiting = storeWith(key).waitForToken(KEY, { timeoutMs: 5_000 })
    const token = makeToken()
    await store.set(KEY, token)
    await lock?.release()
    expect(await waiting).toEqual(token)
  })

  it.each([
    ['a 16-byte Buffer', randomBytes(16)],
    ['a 33-byte Buffer', randomBytes(33)],
    ['short hex', randomBytes(16).toString('hex')],
    ['base64 of 31 bytes', randomBytes(31).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
    ['a number', 42],
  ])('throws a TypeError at construction for a bad key (%s)', (_, encryptionKey) => {
    expect(() =>
      redisTokenStore(connection.client, { encryptionKey: encryptionKey as string }),
    ).toThrow(TypeError)
  })
})
