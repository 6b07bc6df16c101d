import { describe, expect, it } from 'vitest'
import { useEmulator } from './support/emulator-fixture.js'
import { authorize, install, postRefresh, refresh } from './support/user-oauth-fixture.js'

const emulator = useEmulator({ users: [{ id: 'alice' }, { id: 'bob' }] })

describe('user-level OAuth stats', () => {
  it('counts authorizations, grants and refreshes per user', async () => {
    const a = await install(emulator(), 'alice')
    const b = await install(emulator(), 'bob')
    const a2 = await refresh(emulator(), a.refresh_token)
    await refresh(emulator(), a2.refresh_token)
    await refresh(emulator(), b.refresh_token)
    expect(emulator().stats).toMatchObject({
      authorizeRequests: 2,
      authorizationsApproved: 2,
      authorizationsDenied: 0,
      tokenRequests: 5,
      tokenRequestsByGrant: { authorization_code: 2, refresh_token: 3 },
      tokensIssued: 5,
      authorizationCodeGrants: 2,
      refreshGrants: 3,
      refreshGrantsByUser: { alice: 2, bob: 1 },
      refreshTokensPresentedTwice: 0,
      deadRefreshTokenPresentations: 0,
      apiRequests: 0,
    })
  })

  it('counts a rotated refresh token presented again in both counters, per user', async () => {
    const a = await install(emulator(), 'alice')
    await refresh(emulator(), a.refresh_token)
    await postRefresh(emulator(), a.refresh_token)
    await postRefresh(emulator(), a.refresh_token)
    expect(emulator().stats).toMatchObject({
      refreshGrants: 1,
      refreshTokensPresentedTwice: 2,
      refreshTokensPresentedTwiceByUser: { alice: 2 },
      deadRefreshTokenPresentations: 2,
      deadRefreshTokenPresentationsByUser: { alice: 2 },
    })
  })

  it('counts one token presented twice when two refreshes race with it', async () => {
    const a = await install(emulator(), 'alice')
    await Promise.all([
      postRefresh(emulator(), a.refresh_token),
      postRefresh(emulator(), a.refresh_token),
    ])
    expect(emulator().stats).toMatchObject({
      refreshGrants: 1,
      refreshTokensPresentedTwice: 1,
      deadRefreshTokenPresentations: 1,
    })
  })

  it('counts the first presentation of a revoked token as dead but not as presented twice', async () => {
    const b = await install(emulator(), 'bob')
    emulator().revokeUserTokens('bob')
    await postRefresh(emulator(), b.refresh_token)
    expect(emulator().stats).toMatchObject({
      refreshTokensPresentedTwice: 0,
      deadRefreshTokenPresentations: 1,
      deadRefreshTokenPresentationsByUser: { bob: 1 },
    })
  })

  it('counts a resend after a fault as presented twice but not as dead', async () => {
    const a = await install(emulator(), 'alice')
    emulator().failNextTokenRequests({ status: 503 })
    expect((await postRefresh(emulator(), a.refresh_token)).status).toBe(503)
    expect((await postRefresh(emulator(), a.refresh_token)).status).toBe(200)
    expect(emulator().stats).toMatchObject({
      refreshGrants: 1,
      refreshTokensPresentedTwice: 1,
      refreshTokensPresentedTwiceByUser: { alice: 1 },
      deadRefreshTokenPresentations: 0,
    })
  })

  it('counts a value never issued, presented twice, without a user', async () => {
    await postRefresh(emulator(), 'not-a-token')
    await postRefresh(emulator(), 'not-a-token')
    expect(emulator().stats).toMatchObject({
      refreshTokensPresentedTwice: 1,
      refreshTokensPresentedTwiceByUser: {},
      deadRefreshTokenPresentations: 2,
      deadRefreshTokenPresentationsByUser: {},
    })
  })

  it('counts denied authorizations', async () => {
    emulator().denyNextAuthorization()
    await authorize(emulator())
    expect(emulator().stats).toMatchObject({
      authorizeRequests: 1,
      authorizationsApproved: 0,
      authorizationsDenied: 1,
    })
  })

  it('counts a user named __proto__ like any other', async () => {
    emulator().addUser({ id: '__proto__' })
    const pair = await install(emulator(), '__proto__')
    await refresh(emulator(), pair.refresh_token)
    expect(Object.keys(emulator().stats.refreshGrantsByUser)).toEqual(['__proto__'])
    expect(emulator().stats.refreshGrantsByUser['__proto__']).toBe(1)
  })

  it('resetStats() clears them in place; grants are untouched', async () => {
    const { stats } = emulator()
    const { refreshGrantsByUser } = stats
    const a = await install(emulator(), 'alice')
    const a2 = await refresh(emulator(), a.refresh_token)
    await postRefresh(emulator(), a.refresh_token)
    emulator().resetStats()
    expect(stats).toMatchObject({
      authorizeRequests: 0,
      authorizationCodeGrants: 0,
      refreshGrants: 0,
      refreshGrantsByUser: {},
      refreshTokensPresentedTwice: 0,
      refreshTokensPresentedTwiceByUser: {},
      deadRefreshTokenPresentations: 0,
      deadRefreshTokenPresentationsByUser: {},
    })
    expect(stats.refreshGrantsByUser).toBe(refreshGrantsByUser)
    expect((await postRefresh(emulator(), a2.refresh_token)).status).toBe(200)
  })
})
