import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import type { RedisClientLike } from '../../index.js'

export const REDIS_URL = 'redis://127.0.0.1:6379'

export type ClientKind = 'ioredis' | 'node-redis'
export const CLIENT_KINDS: ClientKind[] = ['ioredis', 'node-redis']

export interface TestClient {
  client: RedisClientLike
  close(): Promise<void>
}

/** A connected client of the given kind, ready for commands. */
export async function connectClient(kind: ClientKind, url = REDIS_URL): Promise<TestClient> {
  if (kind === 'ioredis') {
    const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true })
    client.on('error', () => {})
    await client.connect()
    return { client, close: async () => void client.disconnect() }
  }
  const client = createClient({ url })
  // node-redis throws on an 'error' event without a listener.
  client.on('error', () => {})
  await client.connect()
  return { client, close: async () => client.destroy() }
}

/** A random key prefix per test, and the commands to look inside it and clean it up. */
export async function scratchSpace() {
  const prefix = `zoom-auth-test:${randomUUID()}:`
  const admin = new Redis(REDIS_URL, { lazyConnect: true })
  admin.on('error', () => {})
  await admin.connect()
  return {
    prefix,
    admin,
    tokenKey: (key: string) => `${prefix}{${key}}:token`,
    lockKey: (key: string) => `${prefix}{${key}}:lock`,
    grantKey: (key: string) => `${prefix}{${key}}:grant`,
    refreshLockKey: (key: string) => `${prefix}{${key}}:refresh-lock`,
    keys: () => admin.keys(`${prefix}*`),
    async cleanup() {
      const keys = await admin.keys(`${prefix}*`)
      if (keys.length > 0) await admin.del(...keys)
      admin.disconnect()
    },
  }
}

/** Wraps a client so every method call it receives is counted (and still performed). */
export function countingClient<T extends object>(client: T): { client: T; calls: string[] } {
  const calls: string[] = []
  const proxy = new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        calls.push(String(property))
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return { client: proxy, calls }
}
