import { describeTokenStoreContract } from '@zoom-auth/testing/contracts'
import * as vitest from 'vitest'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { redisTokenStore, type RedisTokenStore } from '../index.js'
import { CLIENT_KINDS, connectClient, scratchSpace, type TestClient } from './support/redis.js'
import { makeToken } from './support/tokens.js'

// The TokenStore contract every store meets, with each client: one scratch prefix per spec, and a
// second client on it as the other process.
for (const kind of CLIENT_KINDS) {
  const cleanups = new Map<RedisTokenStore, () => Promise<void>>()
  const prefixes = new Map<RedisTokenStore, string>()
  const open = async (prefix: string, onClose: () => Promise<void>) => {
    const connection = await connectClient(kind)
    const store = redisTokenStore(connection.client, { prefix, pollIntervalMs: 10 })
    prefixes.set(store, prefix)
    cleanups.set(store, async () => {
      await connection.close()
      await onClose()
    })
    return store
  }

  describeTokenStoreContract(vitest, {
    name: `redisTokenStore with ${kind}`,
    createStore: async () => {
      const space = await scratchSpace()
      return open(space.prefix, () => space.cleanup())
    },
    createPeer: (store) => open(prefixes.get(store)!, async () => {}),
    cleanup: async (store) => {
      await cleanups.get(store)?.()
      cleanups.delete(store)
      prefixes.delete(store)
    },
    capabilities: { lock: true },
  })
}

const KEY = 'zoom:contract-key'

// What only Redis shows: TTLs, key names, and lock values written by someone else.
describe.each(CLIENT_KINDS)('redisTokenStore with %s, in Redis', (kind) => {
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
    it('stores the token for its remaining lifetime', async () => {
      await store.set(KEY, makeToken(120_000))
      const ttl = await space.admin.pttl(space.tokenKey(KEY))
      expect(ttl).toBeGreaterThan(115_000)
      expect(ttl).toBeLessThanOrEqual(120_000)
    })

    it('writes no key for a token that has already expired', async () => {
      await store.set(KEY, makeToken(-1_000))
      expect(await space.keys()).toEqual([])
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
    it('writes no key when nothing is stored', async () => {
      await store.delete(KEY, 'eyJ.nothing')
      expect(await space.keys()).toEqual([])
    })
  })

  describe('tryLock', () => {
    it('holds the lock for the TTL asked', async () => {
      const lock = await store.tryLock(KEY, 5_000)
      expect(lock).toBeDefined()
      const ttl = await space.admin.pttl(space.lockKey(KEY))
      expect(ttl).toBeGreaterThan(4_000)
      expect(ttl).toBeLessThanOrEqual(5_000)
    })

    it('only releases its own lock (an expired holder never frees a later holder)', async () => {
      const lock = await store.tryLock(KEY, 5_000)
      // The lock expired and another process took it in the meantime.
      await space.admin.set(space.lockKey(KEY), 'someone-else', 'PX', 5_000)
      await lock?.release()
      expect(await space.admin.get(space.lockKey(KEY))).toBe('someone-else')
      expect(await other.tryLock(KEY, 5_000)).toBeUndefined()
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
  })

  describe('waitForToken', () => {
    it('resolves undefined for an already aborted signal, even with a token stored', async () => {
      await other.set(KEY, makeToken())
      expect(
        await store.waitForToken(KEY, { timeoutMs: 5_000, signal: AbortSignal.abort() }),
      ).toBeUndefined()
    })
  })
})
