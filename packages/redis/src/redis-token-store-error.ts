/**
 * Why the Redis store could not do what was asked:
 * - `unreadable_value`: a stored value is not a token this store wrote (garbage, another format)
 * - `decrypt_failed`: a stored value could not be decrypted (another `encryptionKey`, tampered, or
 *   encrypted while this store has no key / plain while this store requires encryption)
 * - `timeout`: Redis did not answer within `commandTimeoutMs`
 * - `unavailable`: the client reports it is disconnected, so the command was not queued
 */
export type RedisTokenStoreErrorCode =
  'unreadable_value' | 'decrypt_failed' | 'timeout' | 'unavailable'

/**
 * The error of `@zoom-auth/redis`. Messages never contain a token, a stored value or a key.
 * Unreadable stored values reach the store's `onError` option (the value is then ignored and later
 * overwritten); timeouts and unavailability reject the store call, which the token provider reports
 * as a `store_error` event before carrying on without the store.
 *
 * @example
 * ```ts
 * const store = redisTokenStore(redis, {
 *   encryptionKey: process.env.ZOOM_TOKEN_KEY,
 *   onError: (error) => logger.warn({ code: error.code }, error.message),
 * })
 * ```
 */
export class RedisTokenStoreError extends Error {
  override readonly name = 'RedisTokenStoreError'
  readonly code: RedisTokenStoreErrorCode

  constructor(code: RedisTokenStoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/**
 * True for a {@link RedisTokenStoreError}, also one from another copy of this package.
 *
 * @example
 * ```ts
 * redisTokenStore(redis, { onError: (error) => isRedisTokenStoreError(error) && metrics.count(error.code) })
 * ```
 */
export function isRedisTokenStoreError(value: unknown): value is RedisTokenStoreError {
  return (
    value instanceof RedisTokenStoreError ||
    (value instanceof Error &&
      value.name === 'RedisTokenStoreError' &&
      typeof (value as { code?: unknown }).code === 'string')
  )
}
