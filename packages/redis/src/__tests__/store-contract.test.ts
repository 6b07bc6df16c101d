import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { redisTokenStore, type RedisTokenStore } from '../index.js'
import { CLIENT_KINDS, connectClient, scratchSpace, type TestClient } from './support/redis.js'
import { makeToken } from './support/tokens.js'

const KEY = 'zoom:contract-key'

describe.each(CLIENT_KINDS)('redisTokenStore with %s', (kind) => {
  let connection: TestClient
  let space: Awaited<ReturnType<typeof scratchSpace>>
  let store: RedisTokenStore
  /** A second process's view of the same Redis (same prefix, own client). */
  let other: RedisTokenStore
  let otherConnection: TestClient

  beforeEach(async () => {
    space = await scratchSpace()
    connection = await connectClient(kind)
    otherConnection = await connectClient(kind)
    store = redisTokenStore(connection.client, { prefix: space.prefix, pollIntervalMs: 10 })
    other = redisTokenStore(otherConnection.client, { prefix: space.prefix, pollIntervalMs: 10 })
  })

  afterEach(async () => {
    await space.cleanup()
    await connection.close()
    await otherConnection.close()
  })

  describe('get and set', () => {
    it('returns undefined when nothing is stored', async () => {
      expect(await store.get(KEY)).toBeUndefined()
    })

    it('returns the stored token to another process', async () => {
      const token = makeToken()
      await store.set(KEY, token)
      expect(await other.get(KEY)).toEqual(token)
    })

    it('keeps a token without apiUrl without inventing one', async () => {
      const { apiUrl: _apiUrl, ...token } = makeToken()
      await store.set(KEY, token)
      const stored = await other.get(KEY)
      expect(stored).toEqual(token)
      expect(stored).not.toHaveProperty('apiUrl')
    })

    it('keeps when the token was issued, so another process knows its whole lifetime', async () => {
      const token = makeToken(3_600_000, { issuedAt: Date.now() })
      await store.set(KEY, token)
      expect(await other.get(KEY)).toEqual(token)
      // A token stored without it (by an earlier version) comes back without it.
      const { issuedAt: _issuedAt, ...older } = makeToken()
      await store.set(KEY, { ...older, expiresAt: older.expiresAt + 1 })
      expect(await other.get(KEY)).not.toHaveProperty('issuedAt')
    })

    it('stores the token for its remaining lifetime', async () => {
      await store.set(KEY, makeToken(120_000))
      const ttl = await space.admin.pttl(space.tokenKey(KEY))
      expect(ttl).toBeGreaterThan(115_000)
      expect(ttl).toBeLessThanOrEqual(120_000)
    })

    it('does not store a token that has already expired', async () => {
      await store.set(KEY, makeToken(-1_000))
      expect(await space.keys()).toEqual([])
    })

    it('replaces the stored token with a newer one', async () => {
      await store.set(KEY, makeToken(60_000))
      const newer = makeToken(3_600_000)
      await other.set(KEY, newer)
      expect(await store.get(KEY)).toEqual(newer)
    })

    it('never replaces a newer stored token with an older one (a late writer loses)', async () => {
      const newer = makeToken(3_600_000)
      await store.set(KEY, newer)
      await other.set(KEY, makeToken(60_000))
      expect(await store.get(KEY)).toEqual(newer)
    })

    it('keeps separate tokens per key', async () => {
      const a = makeToken()
      const b = makeToken()
      await store.set('zoom:a', a)
      await store.set('zoom:b', b)
      expect((await other.get('zoom:a'))?.accessToken).toBe(a.accessToken)
      expect((await other.get('zoom:b'))?.accessToken).toBe(b.accessToken)
    })

    it('namespaces keys under the prefix and the provider key, without the token in them', async () => {
      const token = makeToken()
      await store.set(KEY, token)
      const keys = await space.keys()
      expect(keys).toEqual([space.tokenKey(KEY)])
      expect(keys[0]?.startsWith(`${space.prefix}{${KEY}}`)).toBe(true)
      expect(keys.join()).not.toContain(token.accessToken)
    })

    it("uses 'zoom-auth:' as the default prefix", async () => {
      const key = `zoom:default-prefix-${Date.now()}-${Math.random()}`
      const plain = redisTokenStore(connection.client)
      try {
        await plain.set(key, makeToken())
        expect(await space.admin.exists(`zoom-auth:{${key}}:token`)).toBe(1)
      } finally {
        await space.admin.del(`zoom-auth:{${key}}:token`)
      }
    })
  })

  describe('delete (compare-and-delete)', () => {
    it('deletes the stored token when it is the one named', async () => {
      const token = makeToken()
      await store.set(KEY, token)
      await other.delete(KEY, token.accessToken)
      expect(await store.get(KEY)).toBeUndefined()
    })

    it('keeps a newer token when an older one is named (a late 401)', async () => {
      const old = makeToken()
      const current = makeToken(7_200_000)
      await store.set(KEY, old)
      await store.set(KEY, current)
      await other.delete(KEY, old.accessToken)
      expect(await store.get(KEY)).toEqual(current)
    })

    it('is a no-op when nothing is stored', async () => {
      await expect(store.delete(KEY, 'eyJ.nothing')).resolves.toBeUndefined()
      expect(await space.keys()).toEqual([])
    })
  })

  describe('tryLock', () => {
    it('lets one process hold the lock, for the TTL asked', async () => {
      const lock = await store.tryLock(KEY, 5_000)
      expect(lock).toBeDefined()
      expect(await other.tryLock(KEY, 5_000)).toBeUndefined()
      expect(await store.tryLock(KEY, 5_000)).toBeUndefined()
      const ttl = await space.admin.pttl(space.lockKey(KEY))
      expect(ttl).toBeGreaterThan(4_000)
      expect(ttl).toBeLessThanOrEqual(5_000)
    })

    it('lets another process lock once the holder releases', async () => {
      const lock = await store.tryLock(KEY, 5_000)
      await lock?.release()
      const next = await other.tryLock(KEY, 5_000)
      expect(next).toBeDefined()
      await next?.release()
    })

    it('only releases its own lock (an expired holder never frees a later holder)', async () => {
      const lock = await store.tryLock(KEY, 5_000)
      // The lock expired and another process took it in the meantime.
      await space.admin.set(space.lockKey(KEY), 'someone-else', 'PX', 5_000)
      await lock?.release()
      expect(await space.admin.get(space.lockKey(KEY))).toBe('someone-else')
      expect(await other.tryLock(KEY, 5_000)).toBeUndefined()
    })

    it('releases at most once', async () => {
      const lock = await store.tryLock(KEY, 5_000)
      await lock?.release()
      const next = await other.tryLock(KEY, 5_000)
      await lock?.release()
      expect(await store.tryLock(KEY, 5_000)).toBeUndefined()
      await next?.release()
    })

    it('renews its own lease, and not a lock another process took after it expired', async () => {
      const lock = await store.tryLock(KEY, 5_000)
      await expect(lock?.renew(30_000)).resolves.toBe(true)
      expect(await space.admin.pttl(space.lockKey(KEY))).toBeGreaterThan(25_000)
      await space.admin.set(space.lockKey(KEY), 'someone-else', 'PX', 5_000)
      await expect(lock?.renew(30_000)).resolves.toBe(false)
      expect(await space.admin.pttl(space.lockKey(KEY))).toBeLessThanOrEqual(5_000)
      expect(await space.admin.get(space.lockKey(KEY))).toBe('someone-else')
    })

    it('locks per key', async () => {
      const a = await store.tryLock('zoom:a', 5_000)
      const b = await other.tryLock('zoom:b', 5_000)
      expect(a).toBeDefined()
      expect(b).toBeDefined()
    })

    it('grants the lock to exactly one of many concurrent callers', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? store : other).tryLock(KEY, 5_000)),
      )
      expect(results.filter((lock) => lock !== undefined)).toHaveLength(1)
    })
  })

  describe('waitForToken', () => {
    it('resolves a token stored while waiting', async () => {
      const lock = await other.tryLock(KEY, 5_000)
      const token = makeToken()
      const waiting = store.waitForToken(KEY, { timeoutMs: 5_000 })
      await other.set(KEY, token)
      await lock?.release()
      expect(await waiting).toEqual(token)
    })

    it('resolves at once when a token other than `previous` is stored', async () => {
      const token = makeToken()
      await other.set(KEY, token)
      expect(await store.waitForToken(KEY, { timeoutMs: 5_000, previous: 'eyJ.old' })).toEqual(
        token,
      )
    })

    it('skips the `previous` token and resolves the next one', async () => {
      const previous = makeToken(60_000)
      await other.set(KEY, previous)
      const lock = await other.tryLock(KEY, 5_000)
      const waiting = store.waitForToken(KEY, {
        timeoutMs: 5_000,
        previous: previous.accessToken,
      })
      const next = makeToken()
      await other.set(KEY, next)
      await lock?.release()
      expect((await waiting)?.accessToken).toBe(next.accessToken)
    })

    it('resolves undefined after timeoutMs while the lock is held and nothing is stored', async () => {
      await other.tryLock(KEY, 5_000)
      const startedAt = performance.now()
      expect(await store.waitForToken(KEY, { timeoutMs: 80 })).toBeUndefined()
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(75)
    })

    it('resolves undefined when the signal aborts', async () => {
      await other.tryLock(KEY, 5_000)
      const controller = new AbortController()
      const waiting = store.waitForToken(KEY, { timeoutMs: 5_000, signal: controller.signal })
      controller.abort()
      expect(await waiting).toBeUndefined()
    })

    it('resolves undefined for an already aborted signal', async () => {
      await other.set(KEY, makeToken())
      expect(
        await store.waitForToken(KEY, { timeoutMs: 5_000, signal: AbortSignal.abort() }),
      ).toBeUndefined()
    })

    it('resolves undefined as soon as the lock is released without a new token (the fetcher failed)', async () => {
      const lock = await other.tryLock(KEY, 5_000)
      const waiting = store.waitForToken(KEY, { timeoutMs: 5_000 })
      await lock?.release()
      expect(await waiting).toBeUndefined()
    })

    it('resolves undefined at once when nobody holds the lock and only `previous` is stored', async () => {
      const previous = makeToken()
      await other.set(KEY, previous)
      expect(
        await store.waitForToken(KEY, { timeoutMs: 5_000, previous: previous.accessToken }),
      ).toBeUndefined()
    })
  })
})
