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

function processOf(
  endpoint: ReturnType<typeof rotatingEndpoint>,
  store: UserTokenStore,
  maxActiveUsers?: number,
) {
  const users = zoomUsers({
    ...CLIENT,
    store,
    fetch: endpoint.fetch,
    pollIntervalMs: 2,
    ...(maxActiveUsers !== undefined && { maxActiveUsers }),
  })
  opened.push(users)
  return users
}

async function installed(
  store: UserTokenStore,
  endpoint: ReturnType<typeof rotatingEndpoint>,
  key: string,
  expiresInMs: number,
) {
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
}

function settled(pending: Promise<{ accessToken: string }>): Promise<string> {
  return pending.then(
    (token) => token.accessToken,
    (error: unknown) => (isZoomAuthError(error) ? error.code : String(error)),
  )
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 20))

describe('a user let go while their call runs', () => {
  it('finishes a call waiting on another process’s refresh when the user is evicted (maxActiveUsers)', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    await installed(store, endpoint, 'u1', -1000)
    await installed(store, endpoint, 'u2', HOUR_MS)
    const refreshing = processOf(endpoint, store)
    const waiting = processOf(endpoint, store, 1)
    const release = endpoint.holdAnswers()
    const first = refreshing.forUser('u1').getToken()
    await turn()
    const second = settled(waiting.forUser('u1').getToken()) // polls: the other process holds the lock
    await turn()
    await waiting.forUser('u2').getToken() // one active user at most: u1 is evicted
    release()
    await first
    expect(await second).toBe('access-3')
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0 })
  })
})

describe('users after close()', () => {
  it('fail every handle with closed, kept or new, and open no provider again', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    await installed(store, endpoint, 'u1', -1000)
    const users = processOf(endpoint, store)
    const kept = users.forUser('u1')
    await kept.getToken()
    users.close()
    expect(await settled(kept.getToken())).toBe('closed')
    expect(await settled(users.forUser('u1').getToken())).toBe('closed')
    expect(await settled(users.forUser('u2').getToken())).toBe('closed')
    expect(endpoint.stats.refreshes).toBe(1)
  })

  it('ends with closed a call of an evicted user still waiting on another process’s refresh', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    await installed(store, endpoint, 'u1', -1000)
    await installed(store, endpoint, 'u2', HOUR_MS)
    const refreshing = processOf(endpoint, store)
    const users = processOf(endpoint, store, 1)
    const release = endpoint.holdAnswers()
    const first = refreshing.forUser('u1').getToken()
    await turn()
    const waiting = settled(users.forUser('u1').getToken())
    await turn()
    await users.forUser('u2').getToken() // u1 evicted while it waits
    users.close()
    expect(await waiting).toBe('closed')
    release()
    await first
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0 })
  })
})
