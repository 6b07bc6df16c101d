import { invalidArgType, invalidArgValue } from '@zoom-auth/core/adapter'
/**
 * The part of an ioredis client (`new Redis()`, also `Cluster`) the store uses.
 * ioredis is not a dependency: any object with these methods works.
 */
export interface IoRedisLikeClient {
  /** ioredis connection state; `reconnecting`, `close` and `end` mean commands would only queue or fail. */
  readonly status?: string
  get(key: string): Promise<unknown>
  set(key: string, value: string, px: 'PX', milliseconds: number, nx: 'NX'): Promise<unknown>
  eval(script: string, numberOfKeys: number, ...keysAndArguments: string[]): Promise<unknown>
}

/**
 * The part of a node-redis v4/v5 client (`createClient()`, after `await client.connect()`) the store uses.
 * redis is not a dependency: any object with these members works.
 */
export interface NodeRedisLikeClient {
  readonly isOpen: boolean
  readonly isReady?: boolean
  get(key: string): Promise<unknown>
  set(key: string, value: string, options: { NX: true; PX: number }): Promise<unknown>
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>
}

/** An ioredis or node-redis client. */
export type RedisClientLike = IoRedisLikeClient | NodeRedisLikeClient

/** The four operations the store needs, the same for both clients. */
export interface RedisCommands {
  readonly kind: 'ioredis' | 'node-redis'
  get(key: string): Promise<string | undefined>
  /** SET NX PX: true when this call created the key. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>
  eval(script: string, keys: string[], args: string[]): Promise<unknown>
  /** True when the client says it is disconnected: a command would sit in its offline queue. */
  isOffline(): boolean
}

const IOREDIS_OFFLINE = new Set(['reconnecting', 'close', 'end'])

/**
 * Recognises the client by shape (node-redis has `isOpen`, ioredis has `status`/`defineCommand`);
 * `factory` names the store being built in the TypeError for anything else.
 */
export function redisCommandsFor(client: unknown, factory = 'redisTokenStore'): RedisCommands {
  const candidate = client as Record<string, unknown> | null
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.get !== 'function' ||
    typeof candidate.set !== 'function' ||
    typeof candidate.eval !== 'function'
  ) {
    throw invalidArgType(
      `zoom-auth/redis: ${factory} needs an ioredis or node-redis client (with get, set and eval)`,
    )
  }
  if ('isOpen' in candidate) return nodeRedisCommands(candidate as unknown as NodeRedisLikeClient)
  if ('status' in candidate || typeof candidate.defineCommand === 'function') {
    return ioRedisCommands(candidate as unknown as IoRedisLikeClient)
  }
  throw invalidArgValue(
    'zoom-auth/redis: could not tell the Redis client kind: expected ioredis (has "status") or node-redis (has "isOpen")',
  )
}

function ioRedisCommands(client: IoRedisLikeClient): RedisCommands {
  return {
    kind: 'ioredis',
    get: async (key) => text(await client.get(key)),
    setIfAbsent: async (key, value, ttlMs) =>
      (await client.set(key, value, 'PX', ttlMs, 'NX')) !== null,
    eval: (script, keys, args) => client.eval(script, keys.length, ...keys, ...args),
    isOffline: () => typeof client.status === 'string' && IOREDIS_OFFLINE.has(client.status),
  }
}

function nodeRedisCommands(client: NodeRedisLikeClient): RedisCommands {
  return {
    kind: 'node-redis',
    get: async (key) => text(await client.get(key)),
    setIfAbsent: async (key, value, ttlMs) =>
      (await client.set(key, value, { NX: true, PX: ttlMs })) !== null,
    eval: (script, keys, args) => client.eval(script, { keys, arguments: args }),
    // Open but not ready = reconnecting; a closed client rejects by itself at once.
    isOffline: () => client.isOpen && client.isReady === false,
  }
}

/** A reply as a string (clients configured to return Buffers included), or undefined for nil. */
export function text(reply: unknown): string | undefined {
  if (reply === null || reply === undefined) return undefined
  if (typeof reply === 'string') return reply
  if (reply instanceof Uint8Array) return Buffer.from(reply).toString('utf8')
  return String(reply)
}
