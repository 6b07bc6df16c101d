import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startZoomEmulator } from '@zoom-auth/testing'
import { assertBuilt, FleetChild, type ChildConfig } from './support/fleet.js'
import { REDIS_URL, scratchSpace } from './support/redis.js'

const FLEET_SIZE = 8
const REQUESTS_PER_PROCESS = 5

interface RequestResult {
  status: number
  token: string
}

describe('a fleet of processes sharing Redis', () => {
  const cleanups: Array<() => Promise<void> | void> = []

  beforeAll(() => assertBuilt())

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function startFleet(size = FLEET_SIZE, extra: Partial<ChildConfig> = {}) {
    const emulator = await startZoomEmulator()
    cleanups.push(() => emulator.close())
    const space = await scratchSpace()
    cleanups.push(() => space.cleanup())
    const config: Omit<ChildConfig, 'client'> = {
      redisUrl: REDIS_URL,
      prefix: space.prefix,
      oauthBaseUrl: emulator.url,
      credentials: emulator.credentials,
      ...extra,
    }
    // Half the fleet on ioredis, half on node-redis: both write and read the same keys.
    const children = Array.from(
      { length: size },
      (_, i) => new FleetChild({ ...config, client: i % 2 ? 'node-redis' : 'ioredis' }),
    )
    cleanups.push(() => children.forEach((child) => child.kill()))
    await Promise.all(children.map((child) => child.expect('ready')))
    return { emulator, space, children }
  }

  /** Every child makes its requests at once; resolves every child's results. */
  async function everyoneRequests(children: FleetChild[]): Promise<RequestResult[][]> {
    for (const child of children) child.send({ type: 'requests', count: REQUESTS_PER_PROCESS })
    const replies = await Promise.all(children.map((child) => child.expect('results')))
    return replies.map((reply) => reply['results'] as RequestResult[])
  }

  it(
    `shares one token among ${FLEET_SIZE} cold processes (ioredis and node-redis), and refreshes once after a revocation`,
    { timeout: 60_000 },
    async () => {
      // Every wait is on a message, so the generous timeout only matters on a saturated machine.
      const { emulator, children } = await startFleet()

      // Cold start, all at once: one process fetches, the others wait for what it stores.
      const cold = (await everyoneRequests(children)).flat()
      expect(cold).toHaveLength(FLEET_SIZE * REQUESTS_PER_PROCESS)
      expect(cold.every((result) => result.status === 200)).toBe(true)
      expect(new Set(cold.map((result) => result.token)).size).toBe(1)
      expect(emulator.stats.tokenRequests).toBe(1)

      // Zoom stops accepting the token: every process sees 401s, yet the fleet refreshes once.
      emulator.revokeTokens()
      const afterRevocation = (await everyoneRequests(children)).flat()
      expect(afterRevocation.every((result) => result.status === 200)).toBe(true)
      expect(new Set(afterRevocation.map((result) => result.token)).size).toBe(1)
      expect(afterRevocation[0]?.token).not.toBe(cold[0]?.token)
      expect(emulator.stats.tokenRequests).toBe(2)

      for (const child of children) child.send({ type: 'exit' })
      await Promise.all(children.map((child) => child.expect('bye')))
    },
  )

  it(
    'gets past a process that crashed holding the fetch lock within its 5 s lease',
    { timeout: 60_000 },
    async () => {
      // The provider's default store timeout (1 s), so the default 5 s lease.
      const { emulator, space, children } = await startFleet(2, { storeTimeoutMs: 1_000 })
      const [crashing, survivor] = children as [FleetChild, FleetChild]
      // The first fetch never answers: the process holding the lock is killed mid-fetch.
      emulator.failNextTokenRequests({ delayMs: Infinity })
      crashing.send({ type: 'requests', count: 1 })
      const lockKey = await until(async () =>
        (await space.keys()).find((key) => key.endsWith(':lock')),
      )
      // Killed once its token request is at the emulator, so that the hang is spent on it.
      await until(async () => (emulator.stats.tokenRequests === 1 ? true : undefined))
      crashing.kill()
      // A lease, not the 20 s a lock used to be taken for: nobody renews it now.
      const leftMs = await space.admin.pttl(lockKey)
      expect(leftMs).toBeGreaterThan(0)
      expect(leftMs).toBeLessThanOrEqual(5_000)

      survivor.send({ type: 'requests', count: 3 })
      const results = (await survivor.expect('results'))['results'] as RequestResult[]
      expect(results.map((result) => result.status)).toEqual([200, 200, 200])
      expect(emulator.stats.tokenRequests).toBe(2)
      survivor.send({ type: 'exit' })
      await survivor.expect('bye')
    },
  )
})

/** Resolves what `check` finds, asking again every 20 ms (the condition is another process's doing). */
async function until<T>(check: () => Promise<T | undefined>, limitMs = 10_000): Promise<T> {
  for (const startedAt = Date.now(); Date.now() - startedAt < limitMs;) {
    const found = await check()
    if (found !== undefined) return found
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`condition not met within ${limitMs} ms`)
}
