import { describe, expect, it } from 'vitest'
import { callApi, issueToken, useEmulator } from './support/emulator-fixture.js'

const emulator = useEmulator()

describe('bearer authentication of /v2 routes', () => {
  it('answers 401 code 124 without an Authorization header', async () => {
    const response = await callApi(emulator(), '/v2/users/me', undefined)
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ code: 124, message: 'Invalid access token.' })
  })

  it('answers 401 code 124 for a token it never issued', async () => {
    const response = await callApi(emulator(), '/v2/users/me', 'eyJ.not.issued')
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ code: 124, message: 'Invalid access token.' })
  })

  it('answers 401 code 124 to Basic credentials on an API route', async () => {
    const response = await fetch(`${emulator().url}/v2/users/me`, {
      headers: { authorization: 'Basic ZW11bGF0b3ItY2xpZW50OmVtdWxhdG9yLXNlY3JldA==' },
    })
    expect(response.status).toBe(401)
  })

  it('accepts the Bearer scheme in any case', async () => {
    const token = await issueToken(emulator())
    const response = await fetch(`${emulator().url}/v2/users/me`, {
      headers: { authorization: `bearer ${token}` },
    })
    expect(response.status).toBe(200)
  })

  it('checks the token before routing, so unknown /v2 routes answer 401 without one', async () => {
    expect((await callApi(emulator(), '/v2/nope', undefined)).status).toBe(401)
  })
})

describe('GET /v2/users/me', () => {
  it('answers a plausible Zoom user of the emulator’s account', async () => {
    const response = await callApi(emulator(), '/v2/users/me', await issueToken(emulator()))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      id: expect.any(String),
      email: expect.stringContaining('@'),
      account_id: emulator().credentials.accountId,
      type: 2,
      status: 'active',
    })
  })
})

describe('/v2/echo', () => {
  it('echoes method, path, query, content type and the raw body of any method', async () => {
    const token = await issueToken(emulator())
    const response = await callApi(emulator(), '/v2/echo?page=2&q=a%20b', token, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{"topic":"café"}',
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      method: 'PATCH',
      path: '/v2/echo',
      query: { page: '2', q: 'a b' },
      contentType: 'application/json',
      body: '{"topic":"café"}',
    })
  })

  it('echoes every path below /v2/echo', async () => {
    const token = await issueToken(emulator())
    const response = await callApi(emulator(), '/v2/echo/meetings/123', token, { method: 'DELETE' })
    expect(await response.json()).toEqual({
      method: 'DELETE',
      path: '/v2/echo/meetings/123',
      query: {},
      contentType: null,
      body: '',
    })
  })

  it('echoes a form body byte for byte', async () => {
    const token = await issueToken(emulator())
    const response = await callApi(emulator(), '/v2/echo', token, {
      method: 'POST',
      body: new URLSearchParams({ a: '1', b: 'x y' }),
    })
    expect(await response.json()).toMatchObject({
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
      body: 'a=1&b=x+y',
    })
  })
})

describe('GET /v2/redirect', () => {
  it('answers 302 to the absolute URL in ?to=', async () => {
    const token = await issueToken(emulator())
    const to = 'http://127.0.0.1:9/elsewhere?x=1'
    const response = await callApi(emulator(), `/v2/redirect?to=${encodeURIComponent(to)}`, token, {
      redirect: 'manual',
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(to)
  })

  it('answers 302 to a path, which a client follows on the emulator with the same token', async () => {
    const token = await issueToken(emulator())
    const response = await callApi(emulator(), '/v2/redirect?to=/v2/users/me', token)
    expect(response.status).toBe(200)
    expect(response.url).toBe(`${emulator().url}/v2/users/me`)
    expect(emulator().stats.requests.map((request) => [request.path, request.status])).toEqual([
      ['/v2/redirect?to=/v2/users/me', 302],
      ['/v2/users/me', 200],
    ])
  })

  it('answers 400 code 300 without ?to=', async () => {
    const response = await callApi(emulator(), '/v2/redirect', await issueToken(emulator()))
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 300 })
  })

  it('answers 400 instead of writing a header with a line break', async () => {
    const token = await issueToken(emulator())
    const response = await callApi(emulator(), '/v2/redirect?to=%2Fa%0D%0Aset-cookie%3A%20x', token)
    expect(response.status).toBe(400)
  })
})

describe('GET /v2/scoped', () => {
  it('answers 400 code 4711 when the token lacks meeting:write:admin', async () => {
    const response = await callApi(emulator(), '/v2/scoped', await issueToken(emulator()))
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      code: 4711,
      message: 'Invalid access token, does not contain scopes:[meeting:write:admin].',
    })
  })

  describe('with an emulator granting meeting:write:admin', () => {
    const writer = useEmulator({ scopes: ['user:read:admin', 'meeting:write:admin'] })

    it('answers 200', async () => {
      const response = await callApi(writer(), '/v2/scoped', await issueToken(writer()))
      expect(response.status).toBe(200)
    })
  })
})

describe('always-failing routes', () => {
  it('answers 403 code 200 on GET /v2/forbidden', async () => {
    const response = await callApi(emulator(), '/v2/forbidden', await issueToken(emulator()))
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({ code: 200, message: 'No permission.' })
  })

  it('answers 401 code 124 on GET /v2/unauthorized, even with a valid token', async () => {
    const response = await callApi(emulator(), '/v2/unauthorized', await issueToken(emulator()))
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ code: 124, message: 'Invalid access token.' })
  })

  it('answers 429 Daily-limit with Retry-After at the next UTC midnight on GET /v2/daily-limit', async () => {
    const response = await callApi(emulator(), '/v2/daily-limit', await issueToken(emulator()))
    expect(response.status).toBe(429)
    expect(response.headers.get('x-ratelimit-type')).toBe('Daily-limit')
    expect(response.headers.get('x-ratelimit-category')).toBe('Light')
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0')
    const retryAfter = response.headers.get('retry-after') ?? ''
    expect(retryAfter).toMatch(/^\d{4}-\d\d-\d\dT00:00:00Z$/)
    const untilMs = Date.parse(retryAfter) - Date.now()
    expect(untilMs).toBeGreaterThan(0)
    expect(untilMs).toBeLessThanOrEqual(24 * 3600 * 1000)
    expect(await response.json()).toMatchObject({ code: 429 })
  })
})

describe('unknown routes', () => {
  it('answers 404 code 300 to an unknown /v2 route', async () => {
    const response = await callApi(emulator(), '/v2/meetings', await issueToken(emulator()))
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      code: 300,
      message: 'No API route matches GET /v2/meetings.',
    })
  })

  it('answers 404 code 300 to a known path with another method', async () => {
    const token = await issueToken(emulator())
    const response = await callApi(emulator(), '/v2/users/me', token, { method: 'POST' })
    expect(response.status).toBe(404)
  })

  it('answers 404 code 300 outside /v2 without asking for a token', async () => {
    const response = await callApi(emulator(), '/', undefined)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ code: 300 })
  })
})

describe('headers of every API answer', () => {
  it('carries a fresh x-zm-trackingid and a JSON content type, errors and redirects included', async () => {
    const token = await issueToken(emulator())
    const paths = ['/v2/users/me', '/v2/forbidden', '/v2/redirect?to=/x', '/v2/nope', '/nope']
    const responses = await Promise.all(
      paths.map((path) => callApi(emulator(), path, token, { redirect: 'manual' })),
    )
    const ids = responses.map((response) => response.headers.get('x-zm-trackingid'))
    expect(ids).not.toContain(null)
    expect(new Set(ids).size).toBe(paths.length)
    for (const response of responses) {
      expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8')
    }
  })
})
