import type { UserGrant, UserTokenStore } from '@zoom-auth/core'
import {
  assertOptionalFunction,
  assertOptionsObject,
  durationMs,
  invalidArgType,
  invalidArgValue,
} from '@zoom-auth/core/adapter'
import { parseEncryptionKey } from './encryption-key.js'
import { redisCommandsFor, type RedisClientLike } from './redis-client.js'
import { createCommandRunner } from './redis-command-runner.js'
import { tryRedisLock } from './redis-lock.js'
import { isRedisTokenStoreError, type RedisTokenStoreError } from './redis-token-store-error.js'
import { createUserGrantCodec, refreshTokenDigest } from './user-grant-codec.js'
import { DELETE_GRANT, PUT_GRANT, REPLACE_GRANT_IF_REFRESH_TOKEN } from './user-lua-scripts.js'
import { unreadableValueReporter, warnOfStoreError } from './unreadable-value-reporter.js'

/** Prefixes this module's TypeError messages. */
const SCOPE = 'zoom-auth/redis'

/** Options of {@link redisUserTokenStore}. */
export interface RedisUserTokenStoreOptions {
  /**
   * Encrypts every stored grant with AES-256-GCM: 32 bytes, as a Buffer, 64 hex characters or
   * base64 (`openssl rand -base64 32`). Required: a refresh token is a secret that lives for years.
   * Every process of the fleet needs the same key; a grant sealed with another key reads as absent.
   */
  encryptionKey: Uint8Array | string
  /** Put before every key, e.g. to separate environments sharing one Redis. Default `'zoom-auth:'`. */
  prefix?: string
  /** Longest one Redis command may take before the store call rejects (`timeout`). Default 1_000. */
  commandTimeoutMs?: number
  /**
   * Receives stored grants that can't be read (`unreadable_value`, `decrypt_failed`), once per
   * value; `get` then resolves `undefined`, so that user's refresh fails with
   * `reauthorization_required`. Default: a process warning.
   */
  onError?: (error: RedisTokenStoreError) => void
}

/**
 * A {@link UserTokenStore} on Redis, for the users of a Zoom user-level OAuth app shared by a
 * fleet: one key per user holding the whole grant encrypted (AES-256-GCM), compare-and-set on the
 * refresh token in a Lua script (it compares a SHA-256 digest of the refresh token stored beside
 * the ciphertext, so Redis never sees a token), no TTL, and a per-user refresh lock (`SET NX PX`
 * with a random owner; renew and release check the owner). Works with ioredis and node-redis
 * clients, and Redis Cluster (a user's keys share a hash slot).
 *
 * A stored value that can't be read (another `encryptionKey`, garbage, another format) is
 * reported to `onError` and read as absent: nothing is refreshed with it and nothing overwrites it
 * but a new install (`put`) or `delete`.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * import { zoomUsers } from '@zoom-auth/core'
 * import { redisUserTokenStore } from '@zoom-auth/redis'
 *
 * const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1, commandTimeout: 500 })
 * const users = zoomUsers({
 *   clientId,
 *   clientSecret,
 *   store: redisUserTokenStore(redis, { encryptionKey: process.env.ZOOM_GRANT_KEY! }),
 * })
 * ```
 */
export function redisUserTokenStore(
  client: RedisClientLike,
  options: RedisUserTokenStoreOptions,
): UserTokenStore {
  const commands = redisCommandsFor(client, 'redisUserTokenStore')
  assertOptionsObject(
    options,
    `${SCOPE}: redisUserTokenStore needs options with an "encryptionKey" (openssl rand -base64 32)`,
  )
  if (options.encryptionKey === undefined) {
    throw invalidArgType(
      `${SCOPE}: redisUserTokenStore needs an "encryptionKey": refresh tokens are never stored in clear ` +
        '(create one with `openssl rand -base64 32`)',
    )
  }
  const codec = createUserGrantCodec(parseEncryptionKey(options.encryptionKey))
  const prefix = options.prefix ?? 'zoom-auth:'
  if (typeof prefix !== 'string') throw invalidArgType(`${SCOPE}: "prefix" must be a string`)
  const commandTimeoutMs = durationMs(options.commandTimeoutMs, 1_000, 'commandTimeoutMs', 1, SCOPE)
  assertOptionalFunction(options.onError, 'onError', SCOPE)
  const reporter = unreadableValueReporter(options.onError ?? warnOfStoreError)
  const run = createCommandRunner(commands, commandTimeoutMs)

  function keysFor(key: string) {
    if (typeof key !== 'string' || key === '')
      throw (typeof key === 'string' ? invalidArgValue : invalidArgType)(
        `${SCOPE}: the user key must be a non-empty string`,
      )
    // The braces are a Redis Cluster hash tag: a user's keys land on one slot. The suffixes differ
    // from redisTokenStore's, so both stores may share a prefix.
    return { grant: `${prefix}{${key}}:grant`, lock: `${prefix}{${key}}:refresh-lock` }
  }

  function checkedRefreshToken(value: unknown): string {
    if (typeof value !== 'string')
      throw invalidArgType(`${SCOPE}: the expected refresh token must be a string`)
    return value
  }

  return {
    async get(key) {
      const { grant: grantKey } = keysFor(key)
      const value = await run('get', () => commands.get(grantKey))
      if (value === undefined) return undefined
      try {
        const grant = codec.decode(grantKey, value)
        reporter.clear(grantKey)
        return grant
      } catch (error) {
        if (!isRedisTokenStoreError(error)) throw error
        reporter.report(grantKey, value, error)
        return undefined
      }
    },

    async put(key, grant: UserGrant) {
      const { grant: grantKey } = keysFor(key)
      const value = codec.encode(grantKey, grant)
      await run('put', () => commands.eval(PUT_GRANT, [grantKey], [value]))
    },

    async replace(key, expectedRefreshToken, next) {
      const { grant: grantKey } = keysFor(key)
      const expected = refreshTokenDigest(checkedRefreshToken(expectedRefreshToken))
      const value = codec.encode(grantKey, next)
      const replaced = await run('replace', () =>
        commands.eval(REPLACE_GRANT_IF_REFRESH_TOKEN, [grantKey], [expected, value]),
      )
      return Number(replaced) === 1
    },

    async delete(key) {
      const { grant: grantKey } = keysFor(key)
      await run('delete', () => commands.eval(DELETE_GRANT, [grantKey], []))
    },

    async tryLock(key, ttlMs) {
      return tryRedisLock(commands, run, keysFor(key).lock, ttlMs)
    },
  }
}
