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
  const locks = new Map<string, { owner: object; until: number }>()
  // Woken with the new token on set, or with undefined when the lock is released without one.
  const waiters = new Map<string, Set<(token: AccessToken | undefined) => void>>()

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

    async tryLock(key, ttlMs) {
      const held = locks.get(key)
      if (held && held.until > now()) return undefined
      const owner = {}
      locks.set(key, { owner, until: now() + ttlMs })
      const holds = () => {
        const lock = locks.get(key)
        return lock?.owner === owner && lock.until > now()
      }
      return {
        async renew(leaseMs) {
          if (!holds()) return false
          locks.set(key, { owner, until: now() + leaseMs })
          return true
        },
        async release() {
          if (locks.get(key)?.owner !== owner) return
          locks.delete(key)
          for (const wake of waiters.get(key) ?? []) wake(undefined)
        },
      }
    },

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
        const lock = locks.get(key)
        const leaseLeftMs = lock ? Math.max(0, lock.until - now()) : 0
        const timer = setTimeout(() => finish(undefined), Math.min(timeoutMs, leaseLeftMs))
        timer.unref()
        signal?.addEventListener('abort', onAbort, { once: true })
        set.add(wake)
      })
    },
  }
}
