import { describe, expect, it } from 'vitest'
import {
  basicAuth,
  callApi,
  issueToken,
  postToken,
  useEmulator,
} from './support/emulator-fixture.js'

const emulator = useEmulator()

const ZERO_STATS = {
  tokenRequests: 0,
  tokenRequestsByGrant: {},
  tokensIssued: 0,
  apiRequests: 0,
  apiRequestsByRoute: {},
  unauthorized: 0,
  requests: [],
  authorizeRequests: 0,
  authorizationsApproved: 0,
  authorizationsDenied: 0,
  authorizationCodeGrants: 0,
  refreshGrants: 0,
  refreshGrantsByUser: {},
  refreshTokensPresentedTwice: 0,
  refreshTokensPresentedTwiceByUser: {},
  deadRefreshTokenPresentations: 0,
  deadRefreshTokenPresentationsByUser: {},
  revokeRequests: 0,
  revocations: 0,
}

describe('stats', () => {
  it('starts at zero', () => {
    expect(emulator().stats).toEqual(ZERO_STATS)
  })

  it('counts every token request by grant type, successful or not', async () => {
    const { clientId, clientSecret } = emulator().credentials
    await postToken(emulator())
    await postToken(emulator(), { account_id: 'wrong' })
    await postToken(emulator(), { grant_type: 'client_credentials' })
    await postToken(emulator(), { grant_type: 'password' })
    await fetch(`${emulator().url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basicAuth(clientId, clientSecret) },
    })
    expect(emulator().stats).toMatchObject({
      tokenRequests: 5,
      tokenRequestsByGrant: {
        account_credentials: 2,
        client_credentials: 1,
        password: 1,
        '(missing)': 1,
      },
      tokensIssued: 2,
    })
  })

  it('counts a grant type named __proto__ like any other', async () => {
    await postToken(emulator(), { grant_type: '__proto__' })
    expect(Object.keys(emulator().stats.tokenRequestsByGrant)).toEqual(['__proto__'])
    expect(emulator().stats.tokenRequestsByGrant['__proto__']).toBe(1)
  })

  it('counts API requests by method and path without the query string', async () => {
    const token = await issueToken(emulator())
    await callApi(emulator(), '/v2/users/me', token)
    await callApi(emulator(), '/v2/users/me?fields=id', token)
    await callApi(emulator(), '/v2/echo', token, { method: 'POST', body: 'x' })
    expect(emulator().stats.apiRequests).toBe(3)
    expect(emulator().stats.apiRequestsByRoute).toEqual({
      'GET /v2/users/me': 2,
      'POST /v2/echo': 1,
    })
  })

  it('counts 401s answered by API routes', async () => {
    const token = await issueToken(emulator())
    await callApi(emulator(), '/v2/users/me', undefined)
    await callApi(emulator(), '/v2/unauthorized', token)
    await callApi(emulator(), '/v2/forbidden', token)
    await postToken(emulator(), { account_id: 'wrong' })
    expect(emulator().stats.unauthorized).toBe(2)
  })

  it('records each API request with its path as sent, status and the token it used', async () => {
    const token = await issueToken(emulator())
    emulator().revokeTokens()
    const fresh = await issueToken(emulator())
    await callApi(emulator(), '/v2/users/me?client=a', token)
    await callApi(emulator(), '/v2/users/me?client=a', fresh)
    await callApi(emulator(), '/v2/echo', undefined, { method: 'PUT' })
    expect(emulator().stats.requests).toEqual([
      { method: 'GET', path: '/v2/users/me?client=a', status: 401, token },
      { method: 'GET', path: '/v2/users/me?client=a', status: 200, token: fresh },
      { method: 'PUT', path: '/v2/echo', status: 401, token: undefined },
    ])
  })

  it('is one live object that resetStats() clears in place', async () => {
    const { stats } = emulator()
    const { requests, tokenRequestsByGrant, apiRequestsByRoute } = stats
    const token = await issueToken(emulator())
    await callApi(emulator(), '/v2/users/me', token)
    expect(stats.apiRequests).toBe(1)
    emulator().resetStats()
    expect(emulator().stats).toBe(stats)
    expect(stats).toEqual(ZERO_STATS)
    expect([stats.requests, stats.tokenRequestsByGrant, stats.apiRequestsByRoute]).toEqual([
      requests,
      tokenRequestsByGrant,
      apiRequestsByRoute,
    ])
    expect(stats.requests).toBe(requests)
    await callApi(emulator(), '/v2/users/me', token)
    expect(requests).toHaveLength(1)
  })

  it('keeps tokens valid across resetStats()', async () => {
    const token = await issueToken(emulator())
    emulator().resetStats()
    expect((await callApi(emulator(), '/v2/users/me', token)).status).toBe(200)
  })
})
