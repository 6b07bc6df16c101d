import { Redis } from 'ioredis'

/**
 * A connection to the Redis a scenario shares its processes' state through, or why there is none
 * (the scenario is then skipped, not failed).
 *
 * @example
 * ```ts
 * const redis = await connectRedis('redis://127.0.0.1:6379')
 * if ('skipped' in redis) return redis
 * ```
 */
export async function connectRedis(
  redisUrl: string,
): Promise<{ client: Redis } | { skipped: string }> {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    retryStrategy: () => null,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    return { client }
  } catch (error) {
    client.disconnect()
    return { skipped: `no Redis at ${redisUrl} (${(error as Error).message})` }
  }
}

/**
 * Removes what a scenario stored (SCAN, not KEYS: the Redis may be shared).
 *
 * @example
 * ```ts
 * await deleteKeys(redis, 'zoom-auth-bench:1234:*')
 * ```
 */
export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 100)
    if (keys.length > 0) await redis.del(...keys)
    cursor = next
  } while (cursor !== '0')
}
