import { Readable } from 'node:stream'
import got, { HTTPError, RequestError, type OptionsOfTextResponseBody } from 'got'
import { describe, expect, it, vi } from 'vitest'
import { zoomAuth } from '../index.js'
import { fastRetry, rejectionOf, useZoom } from './support/harness.js'

/** What the emulator answers for GET /v2/users/me. */
const ME = { id: 'emulator-user' }

describe('zoomAuth (promise API)', () => {
  const local = useZoom()

  it('sends the token to an allowed host', async () => {
    const { api } = local.client()
    const me = await api('v2/users/me').json()
    expect(me).toMatchObject(ME)
    expect(local.sent().map((r) => r.withToken)).toEqual([true])
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })

  it('works from credentials with got.extend, the token endpoint host allowed by default', async () => {
    const api = got.extend(zoomAuth({ ...local.zoom.credentials, oauthBaseUrl: local.zoom.url }))
    const response = await api(`${local.zoom.url}/v2/users/me`)
    expect(response.statusCode).toBe(200)
    expect(local.sent().map((r) => r.withToken)).toEqual([true])
  })

  it('reuses the cached token for later requests', async () => {
    const { api } = local.client()
    await api('v2/users/me')
    await api('v2/users/me')
    expect(local.zoom.stats.tokenRequests).toBe(1)
    expect(local.sent().map((r) => r.withToken)).toEqual([true, true])
  })

  it('leaves requests to other hosts untouched: no header, no token fetched, no 401 handling', async () => {
    const { api } = local.client({}, { hosts: ['api.zoom.us'] })
    const response = await api('v2/users/me', { throwHttpErrors: false })
    expect(response.statusCode).toBe(401)
    expect(local.sent()).toMatchObject([{ withToken: false, status: 401 }])
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('keeps a header the caller set for a host outside `hosts`', async () => {
    const { api } = local.client({}, { hosts: ['api.zoom.us'] })
    const response = await api('v2/users/me', {
      headers: { authorization: 'Bearer not-ours' },
      throwHttpErrors: false,
    })
    expect(response.statusCode).toBe(401)
    expect(local.sent()).toMatchObject([{ withToken: true }])
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('replaces an Authorization header the caller set for an allowed host', async () => {
    const { api } = local.client()
    const response = await api('v2/users/me', { headers: { Authorization: 'Bearer stale' } })
    expect(response.statusCode).toBe(200)
    expect(local.sent().map((r) => r.withToken)).toEqual([true])
  })

  it('replays a request once after a 401, with a new token', async () => {
    const { api } = local.client()
    await api('v2/users/me')
    local.zoom.revokeTokens()
    const response = await api('v2/users/me')
    expect(response.statusCode).toBe(200)
    expect(local.sent().map((r) => [r.status, r.withToken])).toEqual([
      [200, true],
      [401, true],
      [200, true],
    ])
    expect(local.zoom.stats.tokenRequests).toBe(2)
  })

  it('makes exactly 2 attempts against an endpoint that always answers 401, then throws HTTPError', async () => {
    const { api } = local.client()
    const error = await rejectionOf(() => api('v2/unauthorized'))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.statusCode).toBe(401)
    expect(local.sent().map((r) => [r.path, r.withToken])).toEqual([
      ['/v2/unauthorized', true],
      ['/v2/unauthorized', true],
    ])
    // The first 401 retired the token; the replay used the one fetched for it.
    expect(local.zoom.stats.tokenRequests).toBe(2)
  })

  it('makes exactly 2 attempts on an always-401 endpoint with got retries allowed on 401', async () => {
    const { api } = local.client({
      retry: { limit: 5, statusCodes: [401], ...fastRetry },
    })
    const error = await rejectionOf(() => api('v2/unauthorized'))
    expect(error).toBeInstanceOf(HTTPError)
    // got's own retries (asked for by the caller, and bounded by its limit) resend the replayed
    // request; zoom-auth never adds a replay of its own: one token cold, one for the single replay.
    expect(local.zoom.stats.tokenRequests).toBe(2)
    expect(local.sent().length).toBeLessThanOrEqual(1 + 1 + 5)
    expect(local.sent().every((r) => r.withToken)).toBe(true)
  })

  it('never replays the replay, even if got hands the replay’s 401 to the hook again', async () => {
    const auth = zoomAuth(local.provider(), { hosts: [local.zoom.host] })
    const replayHook = auth.hooks?.afterResponse?.[0]
    if (replayHook === undefined) throw new Error('zoomAuth returned no afterResponse hook')
    // got decides which hooks the replay runs (14 and 15 drop ours, 16 drops all): call ours with
    // the replay's 401 directly. throwHttpErrors: false, so that no error redacts its header.
    const replayResponse = await got.extend(auth)(`${local.zoom.url}/v2/unauthorized`, {
      throwHttpErrors: false,
    })
    expect(local.sent().map((r) => r.status)).toEqual([401, 401])
    const retryWithMergedOptions = vi.fn<(options: object) => never>()
    expect(await replayHook(replayResponse, retryWithMergedOptions)).toBe(replayResponse)
    expect(retryWithMergedOptions).not.toHaveBeenCalled()
    expect(local.zoom.stats.tokenRequests).toBe(2)
  })

  it('keeps the replay’s call through got’s retries after it: no second replay, whatever the hooks', async () => {
    const auth = zoomAuth(local.provider(), { hosts: [local.zoom.host] })
    const replayHook = auth.hooks?.afterResponse?.[0]
    if (replayHook === undefined) throw new Error('zoomAuth returned no afterResponse hook')
    // got counts the replay against retry.limit: 2 leaves one retry of got's own after it.
    const api = got.extend(auth, { retry: { limit: 2, statusCodes: [401], ...fastRetry } })
    // The replay's 401 is retried by got (the caller asked for retries on 401); that retry asks the
    // authorizer again. Its 401 handed to our hook must not earn the call a second replay.
    // throwHttpErrors: false, so that no error redacts the last attempt's header.
    const retried = await api(`${local.zoom.url}/v2/unauthorized`, { throwHttpErrors: false })
    expect(local.sent().map((r) => [r.status, r.withToken])).toEqual([
      [401, true],
      [401, true],
      [401, true],
    ])
    const retryWithMergedOptions = vi.fn<(options: object) => never>()
    expect(await replayHook(retried, retryWithMergedOptions)).toBe(retried)
    expect(retryWithMergedOptions).not.toHaveBeenCalled()
    expect(local.zoom.stats.tokenRequests).toBe(2)
  })

  it('returns the replay’s 401 as a response when throwHttpErrors is false', async () => {
    const { api } = local.client()
    const response = await api('v2/unauthorized', { throwHttpErrors: false })
    expect(response.statusCode).toBe(401)
    expect(JSON.parse(response.body)).toEqual({ code: 124, message: 'Invalid access token.' })
    expect(local.sent()).toHaveLength(2)
  })

  it('replays with throwHttpErrors false too and resolves the replay’s answer', async () => {
    const { api } = local.client({ throwHttpErrors: false })
    await api('v2/users/me')
    local.zoom.revokeTokens()
    const response = await api('v2/users/me', { responseType: 'json' })
    expect(response.statusCode).toBe(200)
    expect(response.body).toMatchObject(ME)
  })

  it('does not replay after a 401 when retryOnUnauthorized is false', async () => {
    const { api } = local.client({}, { retryOnUnauthorized: false })
    await api('v2/users/me')
    local.zoom.revokeTokens()
    const error = await rejectionOf(() => api('v2/users/me'))
    expect((error as HTTPError).response.statusCode).toBe(401)
    expect(local.sent()).toHaveLength(2)
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })

  it.each([
    ['403', 'v2/forbidden', 403],
    ['400 with Zoom code 4711 (missing scopes)', 'v2/scoped', 400],
  ])('never refreshes on %s', async (_name, path, status) => {
    const { api } = local.client()
    const error = await rejectionOf(() => api(path))
    expect((error as HTTPError).response.statusCode).toBe(status)
    expect(local.sent()).toHaveLength(1)
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })
})

describe('request bodies on replay', () => {
  const local = useZoom()

  /** Sends `options` with a revoked token: the first attempt gets a 401, the replay's body is echoed. */
  async function replayed(options: OptionsOfTextResponseBody) {
    const { api } = local.client()
    await api('v2/users/me')
    local.zoom.revokeTokens()
    const echo = await api.post('v2/echo', options).json<{ contentType: string; body: string }>()
    expect(
      local
        .sent()
        .slice(1)
        .map((r) => [r.path, r.status]),
    ).toEqual([
      ['/v2/echo', 401],
      ['/v2/echo', 200],
    ])
    return echo
  }

  it('replays a json body intact', async () => {
    const echo = await replayed({ json: { topic: 'Standup', duration: 15 } })
    expect(echo).toMatchObject({
      contentType: 'application/json',
      body: JSON.stringify({ topic: 'Standup', duration: 15 }),
    })
  })

  it('replays a form body intact', async () => {
    const echo = await replayed({ form: { a: '1', b: 'two words' } })
    expect(echo).toMatchObject({
      contentType: 'application/x-www-form-urlencoded',
      body: 'a=1&b=two+words',
    })
  })

  it('replays a string body intact', async () => {
    const echo = await replayed({
      body: 'plain text ✓',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
    expect(echo).toMatchObject({ contentType: 'text/plain; charset=utf-8', body: 'plain text ✓' })
  })

  it('replays a Buffer body intact', async () => {
    const echo = await replayed({
      body: Buffer.from('binary \u0000 bytes'),
      headers: { 'content-type': 'application/octet-stream' },
    })
    expect(echo).toMatchObject({
      contentType: 'application/octet-stream',
      body: 'binary \u0000 bytes',
    })
  })

  it('replays a FormData body, encoded afresh by got from the FormData it was given', async () => {
    const form = new FormData()
    form.set('field', 'value')
    const echo = await replayed({ body: form })
    expect(echo.contentType).toMatch(/^multipart\/form-data; boundary=/)
    expect(echo.body).toContain('name="field"\r\n\r\nvalue\r\n')
  })

  it('replays a Node Readable body, copied as got pipes it', async () => {
    const echo = await replayed({ body: Readable.from(['stre', 'amed']) })
    expect(echo.body).toBe('streamed')
  })

  it('returns the 401 of a request whose body cannot be replayed (an async iterable), and retires its token', async () => {
    const { api } = local.client()
    await api('v2/users/me')
    local.zoom.revokeTokens()
    async function* streamed() {
      yield Buffer.from('streamed')
    }
    const error = await rejectionOf(() => api.post('v2/echo', { body: streamed() }))
    expect((error as HTTPError).response.statusCode).toBe(401)
    expect(local.sent()).toHaveLength(2)
    // The next request doesn't meet the revoked token again: it fetches a new one, no replay needed.
    expect((await api('v2/users/me')).statusCode).toBe(200)
    const after = local.sent().slice(2)
    expect(after.map((r) => r.status)).toEqual([200])
    expect(local.zoom.stats.tokenRequests).toBe(2)
  })
})

describe('got features behave as without zoom-auth', () => {
  const local = useZoom()

  it('honours responseType and the promise shortcuts', async () => {
    const { api } = local.client()
    expect((await api('v2/users/me', { responseType: 'json' })).body).toMatchObject(ME)
    expect(JSON.parse(await api('v2/users/me').text())).toMatchObject(ME)
    // got 16 resolves a Uint8Array, earlier majors a Buffer.
    expect(JSON.parse(Buffer.from(await api('v2/users/me').buffer()).toString())).toMatchObject(ME)
    expect(await api('v2/users/me', { resolveBodyOnly: true, responseType: 'json' })).toMatchObject(
      ME,
    )
  })

  it('resolves prefixUrl before deciding whether the host gets the token', async () => {
    const api = got.extend(
      { prefixUrl: `${local.zoom.url}/v2` },
      zoomAuth(local.provider(), { hosts: [local.zoom.host] }),
    )
    expect(await api('users/me').json()).toMatchObject(ME)
    expect(local.sent()).toMatchObject([{ path: '/v2/users/me', withToken: true }])
  })

  it('keeps got’s own retries on 5xx, with the same token and no refresh', async () => {
    const { api } = local.client({ retry: { limit: 2, ...fastRetry } })
    local.zoom.failNextApiRequests({ status: 503 }, 2)
    const response = await api('v2/users/me')
    expect(response.statusCode).toBe(200)
    expect(response.retryCount).toBe(2)
    expect(local.sent().map((r) => [r.status, r.withToken])).toEqual([
      [503, true],
      [503, true],
      [200, true],
    ])
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })

  it('still throws got’s HTTPError after its retries on 5xx run out', async () => {
    const { api } = local.client({ retry: { limit: 1, ...fastRetry } })
    local.zoom.failNextApiRequests({ status: 500 }, 2)
    const error = await rejectionOf(() => api('v2/users/me'))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.statusCode).toBe(500)
    expect(local.sent()).toHaveLength(2)
  })

  it('replays a 401 that follows a got retry on 5xx', async () => {
    const { api } = local.client({ retry: { limit: 2, ...fastRetry } })
    await api('v2/users/me')
    local.zoom.failNextApiRequests({ status: 502 }, 1)
    local.zoom.revokeTokens()
    const response = await api('v2/users/me')
    expect(response.statusCode).toBe(200)
    expect(
      local
        .sent()
        .slice(1)
        .map((r) => r.status),
    ).toEqual([502, 401, 200])
    expect(local.zoom.stats.tokenRequests).toBe(2)
  })

  it('paginates with got.paginate, every page carrying the token', async () => {
    const { api } = local.client()
    const pages = await api.paginate.all<string, { query: { page: string } }>('v2/echo', {
      searchParams: { page: 1 },
      responseType: 'json',
      pagination: {
        transform: (response) => [response.body.query.page],
        paginate: ({ response }) => {
          const page = Number(response.body.query.page)
          return page < 3 ? { searchParams: { page: page + 1 } } : false
        },
      },
    })
    expect(pages).toEqual(['1', '2', '3'])
    expect(local.sent().map((r) => [r.path, r.withToken])).toEqual([
      ['/v2/echo?page=1', true],
      ['/v2/echo?page=2', true],
      ['/v2/echo?page=3', true],
    ])
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })

  it('replays a page that meets a 401 during got.paginate', async () => {
    const { api } = local.client()
    const pages: string[] = []
    for await (const page of api.paginate<string, { query: { page: string } }>('v2/echo', {
      searchParams: { page: 1 },
      responseType: 'json',
      pagination: {
        transform: (response) => [response.body.query.page],
        paginate: ({ response }) => {
          const page = Number(response.body.query.page)
          if (page === 1) local.zoom.revokeTokens()
          return page < 2 ? { searchParams: { page: page + 1 } } : false
        },
      },
    })) {
      pages.push(page)
    }
    expect(pages).toEqual(['1', '2'])
    expect(local.sent().map((r) => [r.path, r.status])).toEqual([
      ['/v2/echo?page=1', 200],
      ['/v2/echo?page=2', 401],
      ['/v2/echo?page=2', 200],
    ])
  })

  it('leaves got to report options it cannot build (a malformed URL), as without zoom-auth', async () => {
    const api = got.extend(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const plain = await rejectionOf(() => got('http://[::1'))
    const error = await rejectionOf(() => api('http://[::1'))
    expect(error).toBeInstanceOf(RequestError)
    expect((error as RequestError).code).toBe((plain as RequestError).code)
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('composes with other extend calls: their hooks and options still apply, in either order', async () => {
    const seen: string[] = []
    const logging = got.extend({
      headers: { 'x-app': 'demo' },
      hooks: {
        beforeRequest: [(options) => void seen.push(`before ${String(options.headers['x-app'])}`)],
        afterResponse: [(response) => (seen.push(`after ${response.statusCode}`), response)],
      },
    })
    const auth = zoomAuth(local.provider(), { hosts: [local.zoom.host] })
    for (const api of [logging.extend(auth), got.extend(auth).extend(logging)]) {
      await api(`${local.zoom.url}/v2/users/me`)
    }
    expect(seen).toEqual(['before demo', 'after 200', 'before demo', 'after 200'])
    expect(local.sent().map((r) => r.withToken)).toEqual([true, true])
  })
})
