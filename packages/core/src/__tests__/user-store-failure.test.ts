import { afterEach, describe, expect, it } from 'vitest'
import { isZoomAuthError } from '../errors.js'
import { memoryUserTokenStore } from '../user/memory-user-token-store.js'
import type { UserGrant, UserTokenStore } from '../user/user-token-store.js'
import { zoomUsers, type ZoomUsers } from '../user/zoom-users.js'
import { rotatingEndpoint } from './support/rotating-endpoint.js'

const CLIENT = { clientId: 'app-client', clientSecret: 'app-secret-x9' }
const HOUR_MS = 3600_000

const opened: ZoomUsers[] = []
afterEach(() => {
  for (const users of opened.splice(0)) users.close()
})

function usersOn(endpoint: ReturnType<typeof rotatingEndpoint>, store: UserTokenStore) {
  const users = zoomUsers({
    ...CLIENT,
    store,
    fetch: endpoint.fetch,
    pollIntervalMs: 2,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  })
  opened.push(users)
  return users
}

/** A user whose access token expired: the next call refreshes. */
async function expiredUser(store: UserTokenStore, endpoint: ReturnType<typeof rotatingEndpoint>) {
  const { access, refresh } = endpoint.install()
  const grant: UserGrant = {
    accessToken: access,
    refreshToken: refresh,
    issuedAt: Date.now() - 1000 - HOUR_MS,
    expiresAt: Date.now() - 1000,
    scopes: ['user:read'],
    clientId: CLIENT.clientId,
  }
  await store.put('u1', grant)
}

async function outcome(users: ZoomUsers) {
  try {
    return (await users.forUser('u1').getToken()).accessToken
  } catch (error) {
    return isZoomAuthError(error) ? error.code : String(error)
  }
}

const isMark = (next: UserGrant) => next.refreshStartedAt !== undefined

describe('a store failing while nothing was sent to Zoom', () => {
  it('does not log the user out when renewing the lease fails once after the grant was marked', async () => {
    const endpoint = rotatingEndpoint()
    const memory = memoryUserTokenStore()
    await expiredUser(memory, endpoint)
    let failures = 1
    const flaky: UserTokenStore = {
      ...memory,
      async tryLock(key, ttlMs) {
        const lock = await memory.tryLock(key, ttlMs)
        return (
          lock && {
            release: () => lock.release(),
            renew: (ms) =>
              failures-- > 0 ? Promise.reject(new Error('store timeout')) : lock.renew(ms),
          }
        )
      },
    }
    expect(await outcome(usersOn(endpoint, flaky))).toBe('access-2')
    expect(failures).toBe(-1)
    expect((await memory.get('u1'))?.dead).toBeUndefined()
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0, failed: 0 })
  })

  it('does not log the user out when the mark was written but the store answered with an error', async () => {
    const endpoint = rotatingEndpoint()
    const memory = memoryUserTokenStore()
    await expiredUser(memory, endpoint)
    let failures = 1
    const flaky: UserTokenStore = {
      ...memory,
      async replace(key, expected, next) {
        const written = await memory.replace(key, expected, next)
        // Redis ran the script; its reply came after the command timeout.
        if (isMark(next) && failures-- > 0) throw new Error('store timeout')
        return written
      },
    }
    expect(await outcome(usersOn(endpoint, flaky))).toBe('access-2')
    expect(failures).toBe(-1)
    expect((await memory.get('u1'))?.dead).toBeUndefined()
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0, failed: 0 })
  })

  it('does not log the user out when Zoom turned the refresh away and putting the grant back failed once', async () => {
    const endpoint = rotatingEndpoint()
    const memory = memoryUserTokenStore()
    await expiredUser(memory, endpoint)
    endpoint.fail('server-error')
    let failures = 1
    const flaky: UserTokenStore = {
      ...memory,
      async replace(key, expected, next) {
        // The first write taking the mark off (the grant put back as it was) fails.
        const unmarking = !isMark(next) && next.refreshToken === expected
        if (unmarking && failures-- > 0) throw new Error('store timeout')
        return memory.replace(key, expected, next)
      },
    }
    expect(await outcome(usersOn(endpoint, flaky))).toBe('access-2')
    expect(failures).toBe(-1)
    expect((await memory.get('u1'))?.dead).toBeUndefined()
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0, failed: 0 })
  })
})
