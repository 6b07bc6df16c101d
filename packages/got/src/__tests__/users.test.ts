import got from 'got'
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

  it('makes each request as the user its context.zoomUser names, with that user’s own token', async () => {
    const api = got.extend(zoomAuth(local.users))
    const [alice, bob] = await Promise.all([
      api(me(), { context: { zoomUser: ALICE } }).json<Me>(),
      api(me(), { context: { zoomUser: BOB } }).json<Me>(),
    ])
    expect([alice.id, bob.id]).toEqual(['alice', 'bob'])
    expect(local.zoom.stats.requests.map((request) => request.token).sort()).toEqual(
      [await local.accessTokenOf(ALICE), await local.accessTokenOf(BOB)].sort(),
    )
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('takes the user from the instance’s context, a request’s own winning, other context kept', async () => {
    const api = got.extend({ context: { zoomUser: ALICE, tenant: 't1' } }, zoomAuth(local.users))
    let seen: unknown
    const spy = api.extend({
      hooks: { beforeRequest: [(options) => void (seen = options.context['tenant'])] },
    })
    expect((await spy(me()).json<Me>()).id).toBe('alice')
    expect(seen).toBe('t1')
    expect((await api(me(), { context: { zoomUser: BOB } }).json<Me>()).id).toBe('bob')
  })

  it('answers a 401 by refreshing that user only, and replays with their new token', async () => {
    const api = got.extend(zoomAuth(local.users))
    const bobBefore = await local.accessTokenOf(BOB)
    local.zoom.expireUserTokens('alice')
    expect((await api(me(), { context: { zoomUser: ALICE } }).json<Me>()).id).toBe('alice')
    expect((await api(me(), { context: { zoomUser: BOB } }).json<Me>()).id).toBe('bob')
    expect(local.zoom.stats.refreshGrantsByUser).toEqual({ alice: 1 })
    expect(local.zoom.stats.refreshTokensPresentedTwice).toBe(0)
    expect(local.zoom.stats.requests.map((request) => request.status)).toEqual([401, 200, 200])
    expect(local.zoom.stats.requests[1]?.token).toBe(await local.accessTokenOf(ALICE))
    expect(local.zoom.stats.requests[2]?.token).toBe(bobBefore)
  })

  it('makes every request as one user given users.forUser(key)', async () => {
    const api = got.extend(zoomAuth(local.users.forUser(BOB)))
    expect((await api(me()).json<Me>()).id).toBe('bob')
    expect(local.zoom.stats.requests.map((request) => request.token)).toEqual([
      await local.accessTokenOf(BOB),
    ])
  })

  it('rejects a request that names no user with a TypeError naming context.zoomUser, before it is sent', async () => {
    const api = got.extend(zoomAuth(local.users))
    for (const pending of [api(me()), api(me(), { context: { zoomUser: 42 } })]) {
      const error = await failureOf(pending)
      expect(error).toBeInstanceOf(TypeError)
      expect((error as Error).message).toContain('context.zoomUser')
    }
    expect(local.zoom.stats.apiRequests).toBe(0)
  })

  it('rejects a user with no stored grant with reauthorization_required, before it is sent', async () => {
    const api = got.extend(zoomAuth(local.users))
    const error = await failureOf(api(me(), { context: { zoomUser: 'key-carol' } }))
    expect(error).toMatchObject({ code: 'reauthorization_required', userKey: 'key-carol' })
    expect(local.zoom.stats).toMatchObject({ apiRequests: 0, tokenRequests: 0 })
    expect(local.containsSecret(JSON.stringify(error) + String(error))).toBe(false)
  })

  it('rejects a request that names a user when zoomAuth was given one provider, before it is sent', async () => {
    const provider = zoomTokenProvider({ ...local.zoom.credentials, oauthBaseUrl: local.zoom.url })
    const api = got.extend(zoomAuth(provider))
    const error = await failureOf(api(me(), { context: { zoomUser: ALICE } }))
    provider.close()
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toContain('context.zoomUser')
    expect(local.zoom.stats).toMatchObject({ apiRequests: 0, tokenRequests: 0 })
  })

  it('keeps any other TypeError of a hook wrapped, as got does', async () => {
    const api = got.extend(zoomAuth(local.users), {
      hooks: {
        beforeRequest: [
          () => {
            throw new TypeError('a hook of yours')
          },
        ],
      },
    })
    const error = await failureOf(api(me(), { context: { zoomUser: ALICE } }))
    expect(error).toMatchObject({ name: 'RequestError', cause: { message: 'a hook of yours' } })
  })

  it('never puts the user on the wire: no header, no query, nothing of the key', async () => {
    const origin = await startRecordingOrigin()
    try {
      const api = got.extend(zoomAuth(local.users, { hosts: [origin.host] }))
      await api.post(`${origin.url}/v2/users?page=1`, {
        json: { a: 1 },
        context: { zoomUser: ALICE },
      })
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
