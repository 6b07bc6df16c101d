import axios from 'axios'
import { describe, expect, it } from 'vitest'
import { startRecordingOrigin } from '@zoom-auth/testing/contracts'
import { attachZoomAuth, zoomAuth, zoomTokenProvider } from '../index.js'
import { INSTALLED_USERS, useInstalledUsers } from '@zoom-auth/testing/contracts'
import * as vitest from 'vitest'

const { alice: ALICE, bob: BOB } = INSTALLED_USERS

/** What a rejected request rejected with. */
const failureOf = (pending: Promise<unknown>) =>
  pending.then(
    () => undefined,
    (e: unknown) => e,
  )

describe('requests as the users of a user-level app', () => {
  const local = useInstalledUsers(vitest)
  const me = () => `${local.zoom.url}/v2/users/me`

  it('makes each request as the user its config.zoomUser names, with that user’s own token', async () => {
    const api = axios.create()
    api.interceptors.request.use(zoomAuth(local.users))
    const [alice, bob] = await Promise.all([
      api.get<{ id: string }>(me(), { zoomUser: ALICE }),
      api.get<{ id: string }>(me(), { zoomUser: BOB }),
    ])
    expect([alice.data.id, bob.data.id]).toEqual(['alice', 'bob'])
    expect(local.zoom.stats.requests.map((request) => request.token).sort()).toEqual(
      [await local.accessTokenOf(ALICE), await local.accessTokenOf(BOB)].sort(),
    )
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('takes the user from the instance defaults, a request’s own zoomUser winning', async () => {
    const api = axios.create({ zoomUser: ALICE })
    attachZoomAuth(api, local.users)
    expect((await api.get<{ id: string }>(me())).data.id).toBe('alice')
    expect((await api.get<{ id: string }>(me(), { zoomUser: BOB })).data.id).toBe('bob')
  })

  it('answers a 401 by refreshing that user only, and replays with their new token', async () => {
    const api = axios.create()
    api.interceptors.request.use(zoomAuth(local.users))
    const bobBefore = await local.accessTokenOf(BOB)
    local.zoom.expireUserTokens('alice')
    expect((await api.get<{ id: string }>(me(), { zoomUser: ALICE })).data.id).toBe('alice')
    expect((await api.get<{ id: string }>(me(), { zoomUser: BOB })).data.id).toBe('bob')
    expect(local.zoom.stats.refreshGrantsByUser).toEqual({ alice: 1 })
    expect(local.zoom.stats.refreshTokensPresentedTwice).toBe(0)
    expect(local.zoom.stats.requests.map((request) => request.status)).toEqual([401, 200, 200])
    expect(local.zoom.stats.requests[1]?.token).toBe(await local.accessTokenOf(ALICE))
    expect(local.zoom.stats.requests[2]?.token).toBe(bobBefore)
  })

  it('makes every request as one user given users.forUser(key)', async () => {
    const api = axios.create()
    api.interceptors.request.use(zoomAuth(local.users.forUser(BOB)))
    expect((await api.get<{ id: string }>(me())).data.id).toBe('bob')
    expect(local.zoom.stats.requests.map((request) => request.token)).toEqual([
      await local.accessTokenOf(BOB),
    ])
  })

  it('rejects a request that names no user with a TypeError naming config.zoomUser, before it is sent', async () => {
    const api = axios.create()
    api.interceptors.request.use(zoomAuth(local.users))
    const error = await failureOf(api.get(me()))
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toContain('config.zoomUser')
    expect(local.zoom.stats.apiRequests).toBe(0)
  })

  it('rejects a user with no stored grant with reauthorization_required, before it is sent', async () => {
    const api = axios.create()
    api.interceptors.request.use(zoomAuth(local.users))
    const error = await failureOf(api.get(me(), { zoomUser: 'key-carol' }))
    expect(error).toMatchObject({ code: 'reauthorization_required', userKey: 'key-carol' })
    expect(local.zoom.stats).toMatchObject({ apiRequests: 0, tokenRequests: 0 })
    expect(local.containsSecret(JSON.stringify(error) + String(error))).toBe(false)
  })

  it('rejects a request that names a user when zoomAuth was given one provider, before it is sent', async () => {
    const provider = zoomTokenProvider({ ...local.zoom.credentials, oauthBaseUrl: local.zoom.url })
    const api = axios.create()
    api.interceptors.request.use(zoomAuth(provider))
    const error = await failureOf(api.get(me(), { zoomUser: ALICE }))
    provider.close()
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toContain('config.zoomUser')
    expect(local.zoom.stats).toMatchObject({ apiRequests: 0, tokenRequests: 0 })
  })

  it('never puts the user on the wire: no header, no query, nothing of the key', async () => {
    const origin = await startRecordingOrigin()
    try {
      const api = axios.create()
      api.interceptors.request.use(zoomAuth(local.users, { hosts: [origin.host] }))
      await api.post(`${origin.url}/v2/users?page=1`, { a: 1 }, { zoomUser: ALICE })
      const [request] = origin.requests
      expect(request?.token).toBe(await local.accessTokenOf(ALICE))
      const wire = `${request?.path} ${JSON.stringify(request?.headers)} ${Buffer.from(request?.body ?? []).toString()}`
      expect(wire.toLowerCase()).not.toContain('zoomuser')
      expect(wire).not.toContain(ALICE)
    } finally {
      await origin.close()
    }
  })
})
