import { randomUUID } from 'node:crypto'
import { Cluster } from 'ioredis'
import { createCluster } from 'redis'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { zoomTokenProvider, type TokenProvider } from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { redisTokenStore, redisUserTokenStore, type RedisClientLike } from '../index.js'
import { makeGrant } from './support/grants.js'
import { CLIENT_KINDS, type ClientKind, type TestClient } from './support/redis.js'
import { ScratchRedisCluster } from './support/redis-cluster.js'
import { makeToken } from './support/tokens.js'

let cluster: ScratchRedisCluster

beforeAll(async () => {
  cluster = await ScratchRedisCluster.start(3)
}, 30_000)

afterAll(async () => {
  await cluster?.stop()
})

/** A connection to the whole cluster, as an app would open it. */
async function connectCluster(kind: ClientKind): Promise<TestClient> {
  if (kind === 'ioredis') {
    const client = new Cluster(cluster.rootNodes, {
      lazyConnect: true,
      redisOptions: { maxRetriesPerRequest: 1 },
    })
    client.on('error', () => {})
    await client.connect()
    return { client: client as unknown as RedisClientLike, close: async () => client.disconnect() }
  }
  const client = createCluster({
    rootNodes: cluster.rootNodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
  })
  client.on('error', () => {})
  await client.connect()
  return { client: client as unknown as RedisClientLike, close: async () => client.destroy() }
}

describe.each(CLIENT_KINDS)('a store on a Redis Cluster (%s)', (kind) => {
  const connections: TestClient[] = []
  const providers: TokenProvider[] = []
  let emulator: ZoomEmulator
  let prefix: string

  beforeEach(async () => {
    emulator = await startZoomEmulator()
    prefix = `zoom-auth-test:${randomUUID()}:`
  })

  afterEach(async () => {
    for (const provider of providers.splice(0)) provider.close()
    for (const connection of connections.splice(0)) await connection.close()
    await emulator.close()
  })

  async function connection(): Promise<TestClient> {
    const connected = await connectCluster(kind)
    connections.push(connected)
    return connected
  }

  it('runs every operation for keys spread over the cluster (each key’s token and lock share a slot)', async () => {
    const store = redisTokenStore((await connection()).client, { prefix })
    const other = redisTokenStore((await connection()).client, { prefix })
    const keys = Array.from({ length: 12 }, (_, index) => `zoom:${index}`)
    for (const key of keys) {
      const lock = await store.tryLock(key, 5_000)
      expect(lock).toBeDefined()
      expect(await other.tryLock(key, 5_000)).toBeUndefined()
      await expect(lock!.renew(5_000)).resolves.toBe(true)
      const waiting = other.waitForToken(key, { timeoutMs: 5_000 })
      const token = makeToken()
      await store.set(key, token)
      await lock!.release()
      expect((await waiting)?.accessToken).toBe(token.accessToken)
      await other.delete(key, token.accessToken)
      expect(await store.get(key)).toBeUndefined()
    }
    // The keys really were spread: more than one node served them.
    const nodes = await nodesHolding(keys.map((key) => `${prefix}{${key}}:token`))
    expect(nodes.size).toBeGreaterThan(1)
  })

  it('runs every user store operation for users spread over the cluster (a user’s grant and lock share a slot)', async () => {
    const encryptionKey = Buffer.alloc(32, 7)
    const store = redisUserTokenStore((await connection()).client, { prefix, encryptionKey })
    const other = redisUserTokenStore((await connection()).client, { prefix, encryptionKey })
    const users = Array.from({ length: 12 }, (_, index) => `user:${index}`)
    for (const user of users) {
      const lock = await store.tryLock(user, 5_000)
      expect(lock).toBeDefined()
      expect(await other.tryLock(user, 5_000)).toBeUndefined()
      await expect(lock!.renew(5_000)).resolves.toBe(true)
      const grant = makeGrant()
      await store.put(user, grant)
      const next = makeGrant()
      expect(await other.replace(user, grant.refreshToken, next)).toBe(true)
      expect(await store.replace(user, grant.refreshToken, makeGrant())).toBe(false)
      expect(await store.get(user)).toEqual(next)
      await lock!.release()
      await other.delete(user)
      expect(await store.get(user)).toBeUndefined()
    }
    const nodes = await nodesHolding(users.map((user) => `${prefix}{${user}}:grant`))
    expect(nodes.size).toBeGreaterThan(1)
  })

  it('lets providers with connections of their own make one token request, and one per revocation', async () => {
    const fleet = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const provider = zoomTokenProvider({
          ...emulator.credentials,
          oauthBaseUrl: emulator.url,
          store: redisTokenStore((await connection()).client, { prefix }),
        })
        providers.push(provider)
        return provider
      }),
    )
    const first = await Promise.all(fleet.map((provider) => provider.getToken()))
    expect(new Set(first.map((token) => token.accessToken)).size).toBe(1)
    expect(emulator.stats.tokenRequests).toBe(1)

    for (const provider of fleet) provider.invalidate(first[0]!.accessToken)
    const second = await Promise.all(fleet.map((provider) => provider.getToken()))
    expect(new Set(second.map((token) => token.accessToken)).size).toBe(1)
    expect(emulator.stats.tokenRequests).toBe(2)
  })
})

/** Which cluster nodes answer for these keys (by slot), without reading the values. */
async function nodesHolding(keys: string[]): Promise<Set<number>> {
  const admin = new Cluster(cluster.rootNodes, { lazyConnect: true })
  admin.on('error', () => {})
  await admin.connect()
  try {
    const slots = await admin.cluster('SLOTS')
    const owners = new Set<number>()
    for (const key of keys) {
      const slot = Number(await admin.cluster('KEYSLOT', key))
      const owner = slots.find(([from, to]) => slot >= from && slot <= to)?.[2]
      if (owner) owners.add(owner[1])
    }
    return owners
  } finally {
    admin.disconnect()
  }
}
