import { memoryLocks } from './memory-locks.js'
import type { AccessToken, TokenStore, WaitForTokenOptions } from './types.js'

/**
 * A {@link TokenStore} in this process's memory, with the same lock and wait semantics as a remote
 * store. Lets several providers (e.g. one per HTTP client) share one token; also the reference
 * implementation of the store protocol.
 *
 * @example
 * ```ts
 * const store = memoryTokenStore()
 * const a = zoomTokenProvider({ ...credentials, store })
 * const b = zoomTokenProvider({ ...credentials, store }) // b reuses a's token
 * ```
 */
export function memoryTokenStore(options: { now?: () => number } = {}): TokenStore {
  const now = options.now ?? Date.now
  const tokens = new Map<string, AccessToken>()
  // Woken with the new token on set, or with undefined when the lock is released without one.
  const waiters = new Map<string, Set<(token: AccessToken | undefined) => void>>()
  const locks = memoryLocks(now, (key) => {
    for (const wake of waiters.get(key) ?? []) wake(undefined)
  })

  return {
    async get(key) {
      const token = tokens.get(key)
      if (token && token.expiresAt <= now()) tokens.delete(key)
      return token && token.expiresAt > now() ? token : undefined
    },

    async set(key, token) {
      // As the Redis store: a token with less than a whole ms left is not stored (its TTL would be
      // 0), and a late writer never wins: the stored token stays if it expires later, counted in
      // whole ms (SET_TOKEN_IF_NEWER compares truncated expiries; a tie goes to the new token).
      if (Math.floor(token.expiresAt - now()) <= 0) return
      const current = tokens.get(key)
      if (
        current &&
        current.expiresAt > now() &&
        Math.trunc(current.expiresAt) > Math.trunc(token.expiresAt)
      )
        return
      tokens.set(key, token)
      for (const wake of waiters.get(key) ?? []) wake(token)
    },

    async delete(key, accessToken) {
      if (tokens.get(key)?.accessToken === accessToken) tokens.delete(key)
    },

    tryLock: async (key, ttlMs) => locks.tryLock(key, ttlMs),

    waitForToken(key, { timeoutMs, previous, signal }: WaitForTokenOptions) {
      const stored = tokens.get(key)
      if (stored && stored.accessToken !== previous && stored.expiresAt > now())
        return Promise.resolve(stored)
      // An aborted signal fires no 'abort' event any more: answer now, as the Redis store does.
      if (signal?.aborted) return Promise.resolve(undefined)
      return new Promise<AccessToken | undefined>((resolve) => {
        const set = waiters.get(key) ?? new Set()
        waiters.set(key, set)
        const finish = (token: AccessToken | undefined) => {
          clearTimeout(timer)
          set.delete(wake)
          signal?.removeEventListener('abort', onAbort)
          resolve(token)
        }
        const wake = (token: AccessToken | undefined) => {
          if (token === undefined || token.accessToken !== previous) finish(token)
        }
        const onAbort = () => finish(undefined)
        // Also when the holder's lease runs out (a holder that stopped renewing is gone), and at
        // once when nobody holds the lock: nobody is fetching a token to wait for.
        const leaseEnd = locks.leaseEnd(key)
        const leaseLeftMs = leaseEnd === undefined ? 0 : Math.max(0, leaseEnd - now())
        const timer = setTimeout(() => finish(undefined), Math.min(timeoutMs, leaseLeftMs))
        timer.unref()
        signal?.addEventListener('abort', onAbort, { once: true })
        set.add(wake)
      })
    },
  }
}
