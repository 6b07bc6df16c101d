import type { AccessToken, TokenStore, TokenStoreLock, WaitForTokenOptions } from '@zoom-auth/core'
import {
  assertOptionalFunction,
  assertOptionsObject,
  durationMs,
  invalidArgType,
  invalidArgValue,
} from '@zoom-auth/core/adapter'
import { parseEncryptionKey } from './encryption-key.js'
import { DELETE_TOKEN_IF_CURRENT, READ_TOKEN_AND_LOCK, SET_TOKEN_IF_NEWER } from './lua-scripts.js'
import { redisCommandsFor, text, type RedisClientLike } from './redis-client.js'
import { createCommandRunner } from './redis-command-runner.js'
import { tryRedisLock } from './redis-lock.js'
import { isRedisTokenStoreError, type RedisTokenStoreError } from './redis-token-store-error.js'
import { createTokenCodec, tokenDigest } from './token-codec.js'
import { unreadableValueReporter, warnOfStoreError } from './unreadable-value-reporter.js'

/** Prefixes this package's TypeError messages. */
const SCOPE = 'zoom-auth/redis'

/** Options of {@link redisTokenStore}. */
export interface RedisTokenStoreOptions {
  /** Put before every key, e.g. to separate environments sharing one Redis. Default `'zoom-auth:'`. */
  prefix?: string
  /**
   * Encrypts stored tokens with AES-256-GCM: 32 bytes, as a Buffer, 64 hex characters or base64
   * (`openssl rand -base64 32`). Every process of the fleet needs the same key. With a key, values
   * that are not encrypted with it are ignored (and overwritten).
   */
  encryptionKey?: Uint8Array | string
  /** How often a waiting process looks for the token another process is fetching. Default 50. */
  pollIntervalMs?: number
  /** Longest one Redis command may take before the store call rejects (`timeout`). Default 1_000. */
  commandTimeoutMs?: number
  /**
   * Receives stored values that can't be read (`unreadable_value`, `decrypt_failed`); such a value is
   * treated as absent and overwritten by the next fetch. Default: a process warning.
   */
  onError?: (error: RedisTokenStoreError) => void
}

/** A {@link TokenStore} with every optional method: locks and waiting included. */
export interface RedisTokenStore extends TokenStore {
  tryLock(key: string, ttlMs: number): Promise<TokenStoreLock | undefined>
  waitForToken(key: string, options: WaitForTokenOptions): Promise<AccessToken | undefined>
}

/**
 * A {@link TokenStore} on Redis, so every process with the same credentials shares one token:
 * one process fetches (the others wait for what it stores), a 401 anywhere clears the token
 * everywhere, and the fleet makes one token request per expiry. Works with ioredis and node-redis
 * clients; if Redis is down, providers carry on fetching on their own.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * import { zoomTokenProvider } from '@zoom-auth/core'
 * import { redisTokenStore } from '@zoom-auth/redis'
 *
 * const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1, commandTimeout: 500 })
 * const provider = zoomTokenProvider({ accountId, clientId, clientSecret, store: redisTokenStore(redis) })
 * ```
 */
export function redisTokenStore(
  client: RedisClientLike,
  options: RedisTokenStoreOptions = {},
): RedisTokenStore {
  const commands = redisCommandsFor(client)
  assertOptionsObject(options, `${SCOPE}: options must be an object`)
  const prefix = options.prefix ?? 'zoom-auth:'
  if (typeof prefix !== 'string') throw invalidArgType(`${SCOPE}: "prefix" must be a string`)
  const pollIntervalMs = durationMs(options.pollIntervalMs, 50, 'pollIntervalMs', 1, SCOPE)
  const commandTimeoutMs = durationMs(options.commandTimeoutMs, 1_000, 'commandTimeoutMs', 1, SCOPE)
  const codec = createTokenCodec(
    options.encryptionKey === undefined ? undefined : parseEncryptionKey(options.encryptionKey),
  )
  assertOptionalFunction(options.onError, 'onError', SCOPE)
  const reporter = unreadableValueReporter(options.onError ?? warnOfStoreError)
  const run = createCommandRunner(commands, commandTimeoutMs)

  function keysFor(key: string) {
    if (typeof key !== 'string' || key === '')
      throw (typeof key === 'string' ? invalidArgValue : invalidArgType)(
        `${SCOPE}: the store key must be a non-empty string`,
      )
    // The braces are a Redis Cluster hash tag: both keys land on one slot, so scripts may use both.
    return { token: `${prefix}{${key}}:token`, lock: `${prefix}{${key}}:lock` }
  }

  /** A stored value as a token; unreadable values are reported and count as absent. */
  function read(redisKey: string, value: string | undefined): AccessToken | undefined {
    if (value === undefined) return undefined
    try {
      const token = codec.decode(redisKey, value)
      reporter.clear(redisKey)
      return token.expiresAt > Date.now() ? token : undefined
    } catch (error) {
      if (!isRedisTokenStoreError(error)) throw error
      reporter.report(redisKey, value, error)
      return undefined
    }
  }

  return {
    async get(key) {
      const { token } = keysFor(key)
      return read(token, await run('get', () => commands.get(token)))
    },

    async set(key, token) {
      const { token: tokenKey } = keysFor(key)
      // The TTL is the token's remaining lifetime: Redis drops it when Zoom stops accepting it.
      const ttlMs = Math.floor(token.expiresAt - Date.now())
      if (ttlMs <= 0) return
      const value = codec.encode(tokenKey, token)
      await run('set', () =>
        commands.eval(
          SET_TOKEN_IF_NEWER,
          [tokenKey],
          [String(Math.trunc(token.expiresAt)), value, String(ttlMs)],
        ),
      )
    },

    async delete(key, accessToken) {
      const { token } = keysFor(key)
      await run('delete', () =>
        commands.eval(DELETE_TOKEN_IF_CURRENT, [token], [tokenDigest(accessToken)]),
      )
    },

    async tryLock(key, ttlMs) {
      return tryRedisLock(commands, run, keysFor(key).lock, ttlMs)
    },

    waitForToken(key, { timeoutMs, previous, signal }) {
      return new Promise<AccessToken | undefined>((resolve, reject) => {
        const keys = keysFor(key)
        if (signal?.aborted) return resolve(undefined)
        let settled = false
        let pollTimer: NodeJS.Timeout | undefined
        const finish = (token: AccessToken | undefined, error?: unknown) => {
          if (settled) return
          settled = true
          clearTimeout(deadline)
          clearTimeout(pollTimer)
          signal?.removeEventListener('abort', onAbort)
          if (error === undefined) resolve(token)
          else reject(error)
        }
        const onAbort = () => finish(undefined)
        // Resolves on time even when a poll is stuck: the provider does not time this call out.
        const deadline = setTimeout(() => finish(undefined), Math.max(0, timeoutMs))
        deadline.unref()
        signal?.addEventListener('abort', onAbort, { once: true })

        const poll = async () => {
          try {
            const reply = await run('waitForToken', () =>
              commands.eval(READ_TOKEN_AND_LOCK, [keys.token, keys.lock], []),
            )
            if (settled) return
            const [value, locked] = Array.isArray(reply) ? reply : []
            const token = read(keys.token, text(value))
            if (token && token.accessToken !== previous) return finish(token)
            // Nobody holds the lock and nothing new was stored: the fetcher gave up or died.
            // Waiting on would only delay the caller, who should fetch itself now.
            if (Number(locked) !== 1) return finish(undefined)
            pollTimer = setTimeout(() => void poll(), pollIntervalMs)
            pollTimer.unref()
          } catch (error) {
            finish(undefined, error)
          }
        }
        void poll()
      })
    },
  }
}
