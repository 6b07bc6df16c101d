import { afterEach } from 'vitest'
import type { UserGrant, UserTokenStore } from '../../user/user-token-store.js'
import { zoomUsers, type ZoomUsers, type ZoomUsersOptions } from '../../user/zoom-users.js'
import type { rotatingEndpoint } from './rotating-endpoint.js'

export const CLIENT = { clientId: 'app-client', clientSecret: 'app-secret-x9' }
export const HOUR_MS = 3600_000

type Endpoint = ReturnType<typeof rotatingEndpoint>

/**
 * Closes after each test every `zoomUsers` it opened, and returns how to open one "process" of the
 * app: its own users, sharing the endpoint and the store with the others, polling and retrying fast.
 */
export function useUserProcesses() {
  const opened: ZoomUsers[] = []
  afterEach(() => {
    for (const users of opened.splice(0)) users.close()
  })
  return function processOf(
    endpoint: Endpoint,
    store: UserTokenStore,
    options: Partial<ZoomUsersOptions> = {},
  ): ZoomUsers {
    const users = zoomUsers({
      ...CLIENT,
      store,
      fetch: endpoint.fetch,
      pollIntervalMs: 2,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      ...options,
    })
    opened.push(users)
    return users
  }
}

/** Stores an installed grant whose access token expired `-expiresInMs` ago (or expires later). */
export async function installed(
  store: UserTokenStore,
  endpoint: Endpoint,
  key: string,
  expiresInMs = -1000,
): Promise<UserGrant> {
  const { access, refresh } = endpoint.install()
  const grant: UserGrant = {
    accessToken: access,
    refreshToken: refresh,
    issuedAt: Date.now() + expiresInMs - HOUR_MS,
    expiresAt: Date.now() + expiresInMs,
    scopes: ['user:read'],
    clientId: CLIENT.clientId,
  }
  await store.put(key, grant)
  return grant
}

/**
 * The store, counting what goes through it: lock attempts (a process waiting on a lock shows here)
 * and settled compare-and-sets (a refresh's mark, then its rotated grant's write).
 */
export function watchedStore(store: UserTokenStore): {
  store: UserTokenStore
  lockTries(): number
  replacesSettled(): number
} {
  let lockTries = 0
  let replacesSettled = 0
  return {
    store: {
      ...store,
      tryLock: (key, ttlMs) => {
        lockTries++
        return store.tryLock(key, ttlMs)
      },
      replace: (key, expected, next) =>
        store.replace(key, expected, next).finally(() => replacesSettled++),
    },
    lockTries: () => lockTries,
    replacesSettled: () => replacesSettled,
  }
}
