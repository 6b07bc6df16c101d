import type { TokenStoreLock } from './types.js'

/**
 * Leased locks by key in this process's memory: the lock semantics both memory stores share with
 * remote ones (one holder at a time, a lease that ends, renew false once lost, release by the holder
 * only). `onRelease` hears a release by the holder (the token store wakes its waiters then).
 *
 * @example
 * ```ts
 * const locks = memoryLocks(Date.now)
 * const lock = locks.tryLock('key', 5_000) // undefined while another holds it
 * ```
 */
export function memoryLocks(now: () => number, onRelease: (key: string) => void = () => {}) {
  const held = new Map<string, { owner: object; until: number }>()
  return {
    /** The holder's lease on `key`, if any: when it ends, in ms of `now`. */
    leaseEnd: (key: string): number | undefined => held.get(key)?.until,

    tryLock(key: string, ttlMs: number): TokenStoreLock | undefined {
      const current = held.get(key)
      if (current && current.until > now()) return undefined
      const owner = {}
      held.set(key, { owner, until: now() + ttlMs })
      const holds = () => {
        const lock = held.get(key)
        return lock?.owner === owner && lock.until > now()
      }
      return {
        async renew(leaseMs) {
          if (!holds()) return false
          held.set(key, { owner, until: now() + leaseMs })
          return true
        },
        async release() {
          if (held.get(key)?.owner !== owner) return
          held.delete(key)
          onRelease(key)
        },
      }
    },
  }
}
