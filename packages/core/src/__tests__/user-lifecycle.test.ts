import { describe, expect, it, vi } from 'vitest'
import { createAuthorizer } from '../call/authorizer.js'
import { isZoomAuthError } from '../errors.js'
import { memoryUserTokenStore } from '../user/memory-user-token-store.js'
import { rotatingEndpoint } from './support/rotating-endpoint.js'
import { HOUR_MS, installed, useUserProcesses, watchedStore } from './support/user-processes.js'

const processOf = useUserProcesses()

function settled(pending: Promise<{ accessToken: string }>): Promise<string> {
  return pending.then(
    (token) => token.accessToken,
    (error: unknown) => (isZoomAuthError(error) ? error.code : String(error)),
  )
}

/**
 * Two processes: one refreshing u1 (its answer held), the other — one active user at most —
 * waiting on that refresh for u1 when a call of u2 evicts u1.
 */
async function evictedWhileWaiting() {
  const endpoint = rotatingEndpoint()
  const store = memoryUserTokenStore()
  await installed(store, endpoint, 'u1', -1000)
  await installed(store, endpoint, 'u2', HOUR_MS)
  const refreshing = processOf(endpoint, store)
  const locks = watchedStore(store)
  const waiting = processOf(endpoint, locks.store, { maxActiveUsers: 1 })
  const release = endpoint.holdAnswers()
  const first = refreshing.forUser('u1').getToken()
  await vi.waitFor(() => expect(endpoint.received()).toBe(1)) // sent, its answer held
  const second = settled(waiting.forUser('u1').getToken())
  await vi.waitFor(() => expect(locks.lockTries()).toBeGreaterThan(1)) // polls: the other process holds the lock
  await waiting.forUser('u2').getToken() // one active user at most: u1 is evicted
  return { endpoint, waiting, release, first, second }
}

describe('a user let go while their call runs', () => {
  it('finishes a call waiting on another process’s refresh when the user is evicted (maxActiveUsers)', async () => {
    const { endpoint, release, first, second } = await evictedWhileWaiting()
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
    const { endpoint, waiting: users, release, first, second } = await evictedWhileWaiting()
    users.close()
    expect(await second).toBe('closed')
    release()
    await first
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0 })
  })
})

describe("a handle's close()", () => {
  it('ends that handle only: another handle of the user, and per-request calls, go on working', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    await installed(store, endpoint, 'u1', HOUR_MS)
    const users = processOf(endpoint, store)
    const perRequest = createAuthorizer(users, { hosts: ['api.zoom.us'] })
    const url = 'https://api.zoom.us/v2/users/me'
    await perRequest.authorize(url, undefined, 'u1')
    const background = users.forUser('u1') // say, a job's client
    const scoped = users.forUser('u1') // say, one request's
    await scoped.getToken()
    scoped.close()
    expect(await settled(scoped.getToken())).toBe('closed')
    expect(await settled(background.getToken())).toBe('access-1')
    expect((await perRequest.authorize(url, undefined, 'u1'))?.authorization).toBe(
      'Bearer access-1',
    )
  })

  it('stops the listeners subscribed through it, and only those', async () => {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    await installed(store, endpoint, 'u1', -1000)
    const users = processOf(endpoint, store)
    const closing = users.forUser('u1')
    const staying = users.forUser('u1')
    const heardByClosed: string[] = []
    const heardByStaying: string[] = []
    closing.subscribe((event) => heardByClosed.push(event.type))
    staying.subscribe((event) => heardByStaying.push(event.type))
    closing.close()
    await staying.getToken() // refreshes: token_fetched
    expect(heardByStaying).toContain('token_fetched')
    expect(heardByClosed).toEqual([])
  })
})
