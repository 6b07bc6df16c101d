import { createHash, randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { zoomUsers, type ZoomAuthEvent } from '@zoom-auth/core'
import { startZoomEmulator } from '@zoom-auth/testing'
import {
  isRedisTokenStoreError,
  redisTokenStore,
  redisUserTokenStore,
  type RedisTokenStoreError,
} from '../index.js'
import { makeGrant } from './support/grants.js'
import { CLIENT_KINDS, connectClient, scratchSpace, type TestClient } from './support/redis.js'
import { makeToken } from './support/tokens.js'

const USER = 'user:KdYKjnimT4KPd8FFgQt9FQ'

// What only Redis shows: key names and TTLs, what a stored value holds, and values this store
// did not write (another key, garbage, another format).
describe.each(CLIENT_KINDS)('redisUserTokenStore with %s, in Redis', (kind) => {
  let connection: TestClient
  let space: Awaited<ReturnType<typeof scratchSpace>>
  let errors: RedisTokenStoreError[]
  const encryptionKey = randomBytes(32)

  beforeEach(async () => {
    space = await scratchSpace()
    connection = await connectClient(kind)
    errors = []
  })

  afterEach(async () => {
    await space.cleanup()
    await connection.close()
  })

  function storeWith(key: Uint8Array | string = encryptionKey) {
    return redisUserTokenStore(connection.client, {
      prefix: space.prefix,
      encryptionKey: key,
      onError: (error) => errors.push(error),
    })
  }
  const raw = async (user = USER) => (await space.admin.get(space.grantKey(user))) ?? ''

  describe('keys', () => {
    it('keeps one key per user, without a TTL, also after a replace', async () => {
      const store = storeWith()
      const grant = makeGrant()
      await store.put(USER, grant)
      expect(await space.keys()).toEqual([space.grantKey(USER)])
      expect(await space.admin.pttl(space.grantKey(USER))).toBe(-1)
      expect(await store.replace(USER, grant.refreshToken, makeGrant())).toBe(true)
      expect(await space.admin.pttl(space.grantKey(USER))).toBe(-1)
    })

    it('holds the refresh lock for the lease asked, under a key of its own', async () => {
      const lock = await storeWith().tryLock(USER, 5_000)
      expect(lock).toBeDefined()
      const ttl = await space.admin.pttl(space.refreshLockKey(USER))
      expect(ttl).toBeGreaterThan(4_000)
      expect(ttl).toBeLessThanOrEqual(5_000)
      await lock?.release()
      expect(await space.keys()).toEqual([])
    })

    it('shares a prefix and a key with redisTokenStore without touching its keys', async () => {
      const users = storeWith()
      const tokens = redisTokenStore(connection.client, { prefix: space.prefix, encryptionKey })
      const grant = makeGrant()
      const token = makeToken()
      await users.put(USER, grant)
      await tokens.set(USER, token)
      const userLock = await users.tryLock(USER, 5_000)
      expect(await tokens.tryLock(USER, 5_000)).toBeDefined()
      expect(userLock).toBeDefined()
      expect(await users.get(USER)).toEqual(grant)
      expect(await tokens.get(USER)).toEqual(token)
      await users.delete(USER)
      expect(await tokens.get(USER)).toEqual(token)
    })

    it("uses 'zoom-auth:' as the default prefix", async () => {
      const user = `user:default-prefix-${randomBytes(8).toString('hex')}`
      const store = redisUserTokenStore(connection.client, { encryptionKey })
      try {
        await store.put(user, makeGrant())
        expect(await space.admin.exists(`zoom-auth:{${user}}:grant`)).toBe(1)
      } finally {
        await space.admin.del(`zoom-auth:{${user}}:grant`)
      }
    })
  })

  describe('encryption at rest', () => {
    it('stores no token and nothing else of the grant in clear, and keys hold no token', async () => {
      const grant = makeGrant()
      await storeWith().put(USER, grant)
      const value = await raw()
      for (const clear of [
        grant.refreshToken,
        grant.accessToken,
        grant.clientId,
        grant.userId!,
        grant.accountId!,
        'meeting:write',
        'api.zoom.us',
      ])
        expect(value).not.toContain(clear)
      // Only a digest of the refresh token is in clear, for the compare-and-set script.
      const digest = createHash('sha256').update(grant.refreshToken).digest('base64url')
      expect(value.startsWith(`zug1.${digest}.`)).toBe(true)
      expect((await space.keys()).join()).not.toContain(grant.refreshToken)
      expect(await storeWith().get(USER)).toEqual(grant)
    })

    it('encrypts with a fresh IV every time', async () => {
      const store = storeWith()
      const grant = makeGrant()
      await store.put(USER, grant)
      const first = await raw()
      await store.put(USER, grant)
      expect(await raw()).not.toBe(first)
    })

    it('accepts the key as hex or base64 text too', async () => {
      const grant = makeGrant()
      await storeWith(encryptionKey.toString('hex')).put(USER, grant)
      expect(await storeWith(encryptionKey.toString('base64')).get(USER)).toEqual(grant)
      expect(await storeWith(encryptionKey.toString('base64url')).get(USER)).toEqual(grant)
    })
  })

  describe('a stored value it cannot read', () => {
    it('reads a grant sealed with another key as absent, reports decrypt_failed once, and leaves it', async () => {
      const grant = makeGrant()
      await storeWith(randomBytes(32)).put(USER, grant)
      const before = await raw()
      const store = storeWith()
      expect(await store.get(USER)).toBeUndefined()
      expect(await store.get(USER)).toBeUndefined()
      expect(errors.map((error) => error.code)).toEqual(['decrypt_failed'])
      expect(isRedisTokenStoreError(errors[0])).toBe(true)
      // Nothing but an install or a delete overwrites it: the fleet's right key may still read it.
      expect(await store.replace(USER, 'eyJ.refresh.guess', makeGrant())).toBe(false)
      expect(await raw()).toBe(before)
    })

    it('detects a grant moved to another user (the Redis key is authenticated)', async () => {
      const store = storeWith()
      await store.put(USER, makeGrant())
      await space.admin.set(space.grantKey('user:someone-else'), await raw())
      expect(await store.get('user:someone-else')).toBeUndefined()
      expect(errors.map((error) => error.code)).toEqual(['decrypt_failed'])
    })

    it('detects a header changed to another refresh token digest (the header is authenticated)', async () => {
      const store = storeWith()
      const grant = makeGrant()
      await store.put(USER, grant)
      const forged = (await raw()).replace(/^zug1\.[\w-]{43}\./, `zug1.${'A'.repeat(43)}.`)
      await space.admin.set(space.grantKey(USER), forged)
      expect(await store.get(USER)).toBeUndefined()
      expect(errors.map((error) => error.code)).toEqual(['decrypt_failed'])
      expect(await store.replace(USER, grant.refreshToken, makeGrant())).toBe(false)
    })

    it.each([
      ['random text', 'not a grant at all'],
      ['an empty string', ''],
      ['a header without a payload', `zug1.${'A'.repeat(43)}.`],
      ['a payload too short to be sealed', `zug1.${'A'.repeat(43)}.AAAA`],
      ['a grant as JSON in clear', JSON.stringify(makeGrant())],
      ['a value of redisTokenStore', `zat1.${Date.now() + 60_000}.${'A'.repeat(43)}.j.{}`],
    ])('reads %s as absent, reports unreadable_value, and leaves it', async (_, garbage) => {
      await space.admin.set(space.grantKey(USER), garbage)
      const store = storeWith()
      expect(await store.get(USER)).toBeUndefined()
      expect(errors.map((error) => error.code)).toEqual(['unreadable_value'])
      expect(await store.replace(USER, 'eyJ.refresh.any', makeGrant())).toBe(false)
      expect(await raw()).toBe(garbage)
      // A new install replaces it.
      const grant = makeGrant()
      await store.put(USER, grant)
      expect(await store.get(USER)).toEqual(grant)
    })

    it('never puts a token, the stored value or the user key into an error', async () => {
      const grant = makeGrant()
      await storeWith(randomBytes(32)).put(USER, grant)
      await storeWith().get(USER)
      const value = await raw()
      const error = errors[0]!
      const serialized =
        JSON.stringify(error, Object.getOwnPropertyNames(error)) + String(error) + error.stack
      for (const secret of [grant.refreshToken, grant.accessToken, value.slice(-40), USER])
        expect(serialized).not.toContain(secret)
    })
  })

  describe('a user whose stored grant is unreadable, to zoomUsers', () => {
    it('fails with reauthorization_required before sending anything, and names no token', async () => {
      const emulator = await startZoomEmulator()
      const { clientId, clientSecret } = emulator.credentials
      const grant = makeGrant({ clientId, expiresAt: Date.now() - 1_000 })
      await storeWith(randomBytes(32)).put(USER, grant)
      const events: ZoomAuthEvent[] = []
      const users = zoomUsers({
        clientId,
        clientSecret,
        oauthBaseUrl: emulator.url,
        store: storeWith(),
        onEvent: (event) => events.push(event),
      })
      try {
        const error: unknown = await users
          .forUser(USER)
          .getToken()
          .catch((caught) => caught)
        expect(error).toMatchObject({
          name: 'ZoomAuthError',
          code: 'reauthorization_required',
          userKey: USER,
        })
        expect(emulator.stats.tokenRequests).toBe(0)
        expect(errors.map((reported) => reported.code)).toEqual(['decrypt_failed'])
        expect(events).toContainEqual(
          expect.objectContaining({ type: 'reauthorization_required', userKey: USER }),
        )
        const seen = JSON.stringify(events) + JSON.stringify(error) + String(error)
        for (const secret of [grant.refreshToken, grant.accessToken, clientSecret])
          expect(seen).not.toContain(secret)
      } finally {
        users.close()
        await emulator.close()
      }
    })
  })

  describe('what it refuses to store', () => {
    it.each([
      ['without a refresh token', { refreshToken: '' }],
      ['with an expiresAt that is not a number', { expiresAt: Number.NaN }],
      ['with scopes that are not a list', { scopes: 'user:read' }],
      ['with a dead of unknown reason', { dead: { at: 1, reason: 'gone' } }],
    ])('throws a TypeError for a grant %s, and stores nothing', async (_, fields) => {
      const store = storeWith()
      const bad = makeGrant(fields as never)
      await expect(store.put(USER, bad)).rejects.toThrow(
        expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' }),
      )
      const current = makeGrant()
      await store.put(USER, current)
      await expect(store.replace(USER, current.refreshToken, bad)).rejects.toThrow(TypeError)
      expect(await store.get(USER)).toEqual(current)
    })

    it('stores only the known fields of a grant', async () => {
      const store = storeWith()
      const grant = makeGrant()
      await store.put(USER, { ...grant, password: 'hunter2' } as never)
      expect(await store.get(USER)).toEqual(grant)
    })
  })
})
