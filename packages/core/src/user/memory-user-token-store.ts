import { countOf } from '../assert.js'
import type { TokenStoreLock } from '../types.js'
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
  const locks = new Map<string, { owner: object; until: number }>()

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

    async tryLock(key, ttlMs): Promise<TokenStoreLock | undefined> {
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
          if (locks.get(key)?.owner === owner) locks.delete(key)
        },
      }
    },
  }
}

/** Stored and handed out as copies: a caller changing its object never changes the store. */
function copy(grant: UserGrant): UserGrant {
  return { ...grant, scopes: [...grant.scopes], ...(grant.dead && { dead: { ...grant.dead } }) }
}
