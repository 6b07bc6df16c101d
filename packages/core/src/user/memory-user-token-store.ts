import { countOf } from '../assert.js'
import { memoryLocks } from '../memory-locks.js'
import type { UserGrant, UserTokenStore } from './user-token-store.js'

/** Options of {@link memoryUserTokenStore}. */
export interface MemoryUserTokenStoreOptions {
  /**
   * The most users kept; past it the least recently used is dropped (that user must install
   * again). Default 100_000. A fleet, or users that must survive a restart, need a shared store.
   */
  maxUsers?: number
  /** Clock in epoch ms, for tests. */
  now?: () => number
}

/**
 * A {@link UserTokenStore} in this process's memory: bounded (least recently used users go first),
 * with the same compare-and-set and lock semantics as a shared store. For one process and for
 * tests; a fleet shares `@zoom-auth/redis`'s user store or a table of its own.
 *
 * @example
 * ```ts
 * const users = zoomUsers({ clientId, clientSecret, redirectUri, store: memoryUserTokenStore() })
 * ```
 */
export function memoryUserTokenStore(options: MemoryUserTokenStoreOptions = {}): UserTokenStore {
  const maxUsers = countOf(options.maxUsers, 100_000, 'maxUsers')
  const now = options.now ?? Date.now
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const grants = new Map<string, UserGrant>()
  const locks = memoryLocks(now)

  function touch(key: string, grant: UserGrant): void {
    grants.delete(key)
    grants.set(key, grant)
    while (grants.size > maxUsers) grants.delete(grants.keys().next().value as string)
  }

  return {
    async get(key) {
      const grant = grants.get(key)
      if (grant) touch(key, grant)
      return grant && copy(grant)
    },

    async put(key, grant) {
      touch(key, copy(grant))
    },

    async replace(key, expectedRefreshToken, next) {
      if (grants.get(key)?.refreshToken !== expectedRefreshToken) return false
      touch(key, copy(next))
      return true
    },

    async delete(key) {
      grants.delete(key)
    },

    tryLock: async (key, ttlMs) => locks.tryLock(key, ttlMs),
  }
}

/** Stored and handed out as copies: a caller changing its object never changes the store. */
function copy(grant: UserGrant): UserGrant {
  return { ...grant, scopes: [...grant.scopes], ...(grant.dead && { dead: { ...grant.dead } }) }
}
