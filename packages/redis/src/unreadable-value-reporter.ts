import { createHash } from 'node:crypto'
import type { RedisTokenStoreError } from './redis-token-store-error.js'

/** Keys whose last unreadable value is remembered; past it the oldest is forgotten (and may be reported again). */
const MAX_REMEMBERED = 10_000

/** Reports stored values that can't be read, each value once per key. */
export interface UnreadableValueReporter {
  /** Hands `error` to `onError` unless this very value was already reported for `redisKey`. */
  report(redisKey: string, value: string, error: RedisTokenStoreError): void
  /** `redisKey` holds a readable value again: a later unreadable one is news. */
  clear(redisKey: string): void
}

/**
 * The `onError` side of both stores: a value read again and again (a poll, every call of a user
 * whose grant is unreadable) is reported once, and `onError` throwing never breaks the store.
 *
 * @example
 * ```ts
 * const reporter = unreadableValueReporter(options.onError ?? warnOfStoreError)
 * reporter.report(redisKey, value, error)
 * ```
 */
export function unreadableValueReporter(
  onError: (error: RedisTokenStoreError) => void,
): UnreadableValueReporter {
  // A fingerprint, not the value: the value may hold a token.
  const reported = new Map<string, string>()
  return {
    report(redisKey, value, error) {
      const fingerprint = createHash('sha256').update(value).digest('base64url')
      if (reported.get(redisKey) === fingerprint) return
      reported.delete(redisKey)
      reported.set(redisKey, fingerprint)
      if (reported.size > MAX_REMEMBERED) reported.delete(reported.keys().next().value as string)
      try {
        onError(error)
      } catch {
        // A logging hook must never break token handling.
      }
    },
    clear(redisKey) {
      reported.delete(redisKey)
    },
  }
}

/**
 * The default `onError`: a process warning carrying the error's code, never the value.
 *
 * @example
 * ```ts
 * redisTokenStore(redis, { onError: warnOfStoreError })
 * ```
 */
export function warnOfStoreError(error: RedisTokenStoreError): void {
  process.emitWarning(error.message, { type: error.name, code: error.code })
}
