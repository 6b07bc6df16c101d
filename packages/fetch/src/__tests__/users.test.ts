import { describe, expect, it } from 'vitest'
import { startRecordingOrigin } from '@zoom-auth/testing/contracts'
import { zoomAuth, zoomTokenProvider } from '../index.js'
import { INSTALLED_USERS, useInstalledUsers } from '@zoom-auth/testing/contracts'
import * as vitest from 'vitest'

const { alice: ALICE, bob: BOB } = INSTALLED_USERS

/** What a rejected request rejected with. */
const failureOf = (pending: Promise<unknown>) =>
  pending.then(
    () => undefined,
    (e: unknown) => e,
  )

type Me = { id: string }

describe('requests as the users of a user-level app', () => {
  const local = useInstalledUsers(vitest)
  const me = () => `${local.zoom.url}/v2/users/me`
  const idOf = async (response: Promise<Response>) => ((await (await response).json()) as Me).id

  it('makes each request as the user its init.zoomUser names, with that user’s own token', async () => {
    const zoomFetch = zoomAuth(local.users)
    const ids = await Promise.all([
      idOf(zoomFetch(me(), { zoomUser: ALICE })),
      idOf(zoomFetch(new Request(me()), { zoomUser: BOB })),
    ])
    expect(ids).toEqual(['alice', 'bob'])
    expect(local.zoom.stats.requests.map((request) => request.token).sort()).toEqual(
      [await local.accessTokenOf(ALICE), await local.accessTokenOf(BOB)].sort(),
    )
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('answers a 401 by refreshing that user only, and replays with their new token', async () => {
    const zoomFetch = zoomAuth(local.users)
    const bobBefore = await local.accessTokenOf(BOB)
    local.zoom.expireUserTokens('alice')
    expect(await idOf(zoomFetch(me(), { zoomUser: ALICE }))).toBe('alice')
    expect(await idOf(zoomFetch(me(), { zoomUser: BOB }))).toBe('bob')
    expect(local.zoom.stats.refreshGrantsByUser).toEqual({ alice: 1 })
    expect(local.zoom.stats.refreshTokensPresentedTwice).toBe(0)
    expect(local.zoom.stats.requests.map((request) => request.status)).toEqual([401, 200, 200])
    expect(local.zoom.stats.requests[1]?.token).toBe(await local.accessTokenOf(ALICE))
    expect(local.zoom.stats.requests[2]?.token).toBe(bobBefore)
  })

  it('makes every request as one user given users.forUser(key)', async () => {
    const zoomFetch = zoomAuth(local.users.forUser(BOB))
    expect(await idOf(zoomFetch(me()))).toBe('bob')
    expect(local.zoom.stats.requests.map((request) => request.token)).toEqual([
      await local.accessTokenOf(BOB),
    ])
  })

  it('rejects a request that names no user with a TypeError naming init.zoomUser, before it is sent', async () => {
    const zoomFetch = zoomAuth(local.users)
    for (const pending of [
      zoomFetch(me()),
      zoomFetch(me(), { method: 'GET' }),
      zoomFetch(me(), { zoomUser: 42 as unknown as string }),
    ]) {
      const error = await failureOf(pending)
      expect(error).toBeInstanceOf(TypeError)
      expect((error as Error).message).toContain('init.zoomUser')
    }
    expect(local.zoom.stats.apiRequests).toBe(0)
  })

  it('rejects a user with no stored grant with reauthorization_required, before it is sent', async () => {
    const zoomFetch = zoomAuth(local.users)
    const error = await failureOf(zoomFetch(me(), { zoomUser: 'key-carol' }))
    expect(error).toMatchObject({ code: 'reauthorization_required', userKey: 'key-carol' })
    expect(local.zoom.stats).toMatchObject({ apiRequests: 0, tokenRequests: 0 })
    expect(local.containsSecret(JSON.stringify(error) + String(error))).toBe(false)
  })

  it('rejects a request that names a user when zoomAuth was given one provider, before it is sent', async () => {
    const provider = zoomTokenProvider({ ...local.zoom.credentials, oauthBaseUrl: local.zoom.url })
    const zoomFetch = zoomAuth(provider)
    const error = await failureOf(zoomFetch(me(), { zoomUser: ALICE }))
    provider.close()
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toContain('init.zoomUser')
    expect(local.zoom.stats).toMatchObject({ apiRequests: 0, tokenRequests: 0 })
  })

  it('never hands the user to the wrapped fetch, nor puts it on the wire', async () => {
    const origin = await startRecordingOrigin()
    const handed: RequestInit[] = []
    const transport = (input: string | URL | Request, init?: RequestInit) => {
      if (init) handed.push(init)
      return fetch(input, init)
    }
    try {
      const zoomFetch = zoomAuth(local.users, { hosts: [origin.host], fetch: transport })
      const response = await zoomFetch(`${origin.url}/v2/users?page=1`, {
        method: 'POST',
        body: '{"a":1}',
        headers: { 'content-type': 'application/json' },
        zoomUser: ALICE,
      })
      expect(response.status).toBe(200)
      // A host that gets no token: the option is taken off all the same.
      await zoomFetch(`${local.zoom.url}/elsewhere`, { zoomUser: ALICE })
      expect(handed).toHaveLength(2)
      for (const init of handed) expect(init).not.toHaveProperty('zoomUser')
      expect(handed[0]).toMatchObject({ method: 'POST', body: '{"a":1}' })
      const [request] = origin.requests
      expect(request?.token).toBe(await local.accessTokenOf(ALICE))
      const wire = `${request?.path} ${JSON.stringify(request?.headers)} ${Buffer.from(request?.body ?? []).toString()}`
      expect(wire.toLowerCase()).not.toContain('zoomuser')
      expect(wire).not.toContain(ALICE)
    } finally {
      await origin.close()
    }
  })

  it('leaves the caller’s init as it was', async () => {
    const zoomFetch = zoomAuth(local.users)
    const init = { zoomUser: ALICE, headers: { accept: 'application/json' } }
    await zoomFetch(me(), init)
    expect(init).toEqual({ zoomUser: ALICE, headers: { accept: 'application/json' } })
  })
})
