import { describe, expect, it } from 'vitest'
import { startRecordingOrigin } from '@zoom-auth/testing/contracts'
import { zoomAuth, zoomTokenProvider } from '../index.js'
import { INSTALLED_USERS, useInstalledUsers } from '@zoom-auth/testing/contracts'
import * as vitest from 'vitest'
import { KY_MAJORS } from './support/ky-majors.js'

const { alice: ALICE, bob: BOB } = INSTALLED_USERS

/** What a rejected request rejected with. */
const failureOf = (pending: Promise<unknown>) =>
  pending.then(
    () => undefined,
    (e: unknown) => e,
  )

type Me = { id: string }

describe.each(KY_MAJORS)('requests as the users of a user-level app (%s)', (_name, { ky }) => {
  const local = useInstalledUsers(vitest)
  const me = () => `${local.zoom.url}/v2/users/me`

  it('makes each request as the user its zoomUser option names, with that user’s own token', async () => {
    const api = ky.create(zoomAuth(local.users))
    const [alice, bob] = await Promise.all([
      api.get(me(), { zoomUser: ALICE }).json<Me>(),
      api.get(me(), { zoomUser: BOB }).json<Me>(),
    ])
    expect([alice.id, bob.id]).toEqual(['alice', 'bob'])
    expect(local.zoom.stats.requests.map((request) => request.token).sort()).toEqual(
      [await local.accessTokenOf(ALICE), await local.accessTokenOf(BOB)].sort(),
    )
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('takes the user from the instance’s defaults (create or extend), a request’s own winning', async () => {
    const api = ky.create({ zoomUser: ALICE }).extend(zoomAuth(local.users))
    expect((await api.get(me()).json<Me>()).id).toBe('alice')
    expect((await api.extend({ zoomUser: BOB }).get(me()).json<Me>()).id).toBe('bob')
    expect((await api.get(me(), { zoomUser: BOB }).json<Me>()).id).toBe('bob')
  })

  it('answers a 401 by refreshing that user only, and replays with their new token', async () => {
    const api = ky.create(zoomAuth(local.users))
    const bobBefore = await local.accessTokenOf(BOB)
    local.zoom.expireUserTokens('alice')
    expect((await api.get(me(), { zoomUser: ALICE }).json<Me>()).id).toBe('alice')
    expect((await api.get(me(), { zoomUser: BOB }).json<Me>()).id).toBe('bob')
    expect(local.zoom.stats.refreshGrantsByUser).toEqual({ alice: 1 })
    expect(local.zoom.stats.refreshTokensPresentedTwice).toBe(0)
    expect(local.zoom.stats.requests.map((request) => request.status)).toEqual([401, 200, 200])
    expect(local.zoom.stats.requests[1]?.token).toBe(await local.accessTokenOf(ALICE))
    expect(local.zoom.stats.requests[2]?.token).toBe(bobBefore)
  })

  it('makes every request as one user given users.forUser(key)', async () => {
    const api = ky.create(zoomAuth(local.users.forUser(BOB)))
    expect((await api.get(me()).json<Me>()).id).toBe('bob')
    expect(local.zoom.stats.requests.map((request) => request.token)).toEqual([
      await local.accessTokenOf(BOB),
    ])
  })

  it('rejects a request that names no user with a TypeError naming zoomUser, before it is sent and without a retry of ky', async () => {
    let retries = 0
    const api = ky
      .create(zoomAuth(local.users))
      .extend({ hooks: { beforeRetry: [() => void (retries += 1)] } })
    for (const pending of [api.get(me()), api.get(me(), { zoomUser: 42 as unknown as string })]) {
      const error = await failureOf(pending)
      expect(error).toBeInstanceOf(TypeError)
      expect((error as Error).message).toContain('zoomUser')
    }
    expect(retries).toBe(0)
    expect(local.zoom.stats.apiRequests).toBe(0)
  })

  it('rejects a user with no stored grant with reauthorization_required, before it is sent', async () => {
    const api = ky.create(zoomAuth(local.users))
    const error = await failureOf(api.get(me(), { zoomUser: 'key-carol' }))
    expect(error).toMatchObject({ code: 'reauthorization_required', userKey: 'key-carol' })
    expect(local.zoom.stats).toMatchObject({ apiRequests: 0, tokenRequests: 0 })
    expect(local.containsSecret(JSON.stringify(error) + String(error))).toBe(false)
  })

  it('rejects a request that names a user when zoomAuth was given one provider, before it is sent', async () => {
    const provider = zoomTokenProvider({ ...local.zoom.credentials, oauthBaseUrl: local.zoom.url })
    const api = ky.create(zoomAuth(provider))
    const error = await failureOf(api.get(me(), { zoomUser: ALICE }))
    provider.close()
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toContain('zoomUser')
    expect(local.zoom.stats).toMatchObject({ apiRequests: 0, tokenRequests: 0 })
  })

  it('never hands the user to the transport, nor puts it on the wire', async () => {
    const origin = await startRecordingOrigin()
    const handed: string[] = []
    const transport = (input: Request, init?: Record<string, unknown>) => {
      handed.push(...Object.keys(init ?? {}))
      return fetch(input, init)
    }
    try {
      const api = ky.create(zoomAuth(local.users, { hosts: [origin.host], fetch: transport }))
      await api.post(`${origin.url}/v2/users?page=1`, { json: { a: 1 }, zoomUser: ALICE })
      // A host that gets no token: the option is taken off all the same.
      await api.get(`${local.zoom.url}/elsewhere`, { zoomUser: ALICE, throwHttpErrors: false })
      expect(handed).not.toContain('zoomUser')
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
