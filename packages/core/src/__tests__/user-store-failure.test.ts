import { describe, expect, it } from 'vitest'
import { isZoomAuthError } from '../errors.js'
import { memoryUserTokenStore } from '../user/memory-user-token-store.js'
import type { UserGrant, UserTokenStore } from '../user/user-token-store.js'
import type { ZoomUsers } from '../user/zoom-users.js'
import { rotatingEndpoint } from './support/rotating-endpoint.js'
import { installed, useUserProcesses } from './support/user-processes.js'

const processOf = useUserProcesses()

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
    await installed(memory, endpoint, 'u1')
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
    expect(await outcome(processOf(endpoint, flaky))).toBe('access-2')
    expect(failures).toBe(-1)
    expect((await memory.get('u1'))?.dead).toBeUndefined()
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0, failed: 0 })
  })

  it('does not log the user out when the mark was written but the store answered with an error', async () => {
    const endpoint = rotatingEndpoint()
    const memory = memoryUserTokenStore()
    await installed(memory, endpoint, 'u1')
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
    expect(await outcome(processOf(endpoint, flaky))).toBe('access-2')
    expect(failures).toBe(-1)
    expect((await memory.get('u1'))?.dead).toBeUndefined()
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0, failed: 0 })
  })

  it('does not log the user out when Zoom turned the refresh away and putting the grant back failed once', async () => {
    const endpoint = rotatingEndpoint()
    const memory = memoryUserTokenStore()
    await installed(memory, endpoint, 'u1')
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
    expect(await outcome(processOf(endpoint, flaky))).toBe('access-2')
    expect(failures).toBe(-1)
    expect((await memory.get('u1'))?.dead).toBeUndefined()
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0, failed: 0 })
  })
})
