import { startZoomEmulator } from '@zoom-auth/testing'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'
import { startLocalZoom } from './support/local-zoom.js'

describe('zoomAuth (fetch)', () => {
  const zoom = useZoom(startZoomEmulator)
  const zoomFetch = () => zoomAuth(zoom.provider(), { hosts: [zoom.server.host] })
  /** Per request the server saw: its status and whether it carried a token. */
  const seen = () => zoom.server.stats.requests.map((r) => [r.status, r.token !== undefined])

  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('adds the token to a string URL', async () => {
    const response = await zoomFetch()(`${zoom.server.url}/v2/users/me`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ id: 'emulator-user' })
    expect(seen()).toEqual([[200, true]])
  })

  it('adds the token to a URL object', async () => {
    const response = await zoomFetch()(new URL('/v2/users/me', zoom.server.url))
    expect(response.status).toBe(200)
    expect(seen()).toEqual([[200, true]])
  })

  it("keeps a Request's own method, headers and body", async () => {
    const request = new Request(`${zoom.server.url}/v2/echo?page=2`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-trace': 'abc' },
      body: '{"topic":"standup"}',
    })
    const response = await zoomFetch()(request)
    expect(await response.json()).toEqual({
      method: 'PUT',
      path: '/v2/echo',
      query: { page: '2' },
      contentType: 'application/json',
      body: '{"topic":"standup"}',
    })
  })

  it('sends the headers of a Request rebuilt from a Request once each (nock 14 patches Request)', async () => {
    // Under nock's patched global Request, a Headers copy by undici's fast path doubles each value.
    const inner = new Request(`${zoom.server.url}/v2/echo`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{"topic":"retro"}',
    })
    const request = new Request(inner, { headers: { 'content-type': 'application/json' } })
    const response = await zoomFetch()(request)
    expect(await response.json()).toMatchObject({ contentType: 'application/json' })
  })

  it('still sends a Request body with its Content-Length', async () => {
    const local = await startLocalZoom()
    try {
      const provider = zoom.provider({ oauthBaseUrl: local.url, ...local.credentials })
      const request = new Request(`${local.url}/v2/echo`, { method: 'POST', body: 'x'.repeat(19) })
      await zoomAuth(provider, { hosts: [local.host] })(request)
      expect(local.stats.requests.map((r) => [r.status, r.contentLength])).toEqual([[200, '19']])
    } finally {
      await local.close()
    }
  })

  it('reads an init that is not a plain object (a Request) as fetch does', async () => {
    const init = new Request(`${zoom.server.url}/v2/elsewhere`, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      body: 'a,b',
    })
    const response = await zoomFetch()(`${zoom.server.url}/v2/echo`, init)
    expect(await response.json()).toMatchObject({
      method: 'PUT',
      path: '/v2/echo',
      contentType: 'text/csv',
      body: 'a,b',
    })
    expect(seen()).toEqual([[200, true]])
  })

  it('reads init fields inherited from a prototype, as fetch does', async () => {
    const defaults = { method: 'DELETE', headers: { 'x-trace': 'abc' } }
    const response = await zoomFetch()(`${zoom.server.url}/v2/echo`, Object.create(defaults))
    expect(await response.json()).toMatchObject({ method: 'DELETE', path: '/v2/echo' })
  })

  it.each([
    ['Headers', new Headers({ 'content-type': 'text/plain' })],
    ['an array', [['content-type', 'text/plain']] as [string, string][]],
    ['a plain object', { 'Content-Type': 'text/plain' }],
  ])('keeps init.headers given as %s', async (_form, headers) => {
    const response = await zoomFetch()(`${zoom.server.url}/v2/echo`, {
      method: 'POST',
      headers,
      body: 'hello',
    })
    expect(await response.json()).toMatchObject({ contentType: 'text/plain', body: 'hello' })
    expect(seen()).toEqual([[200, true]])
  })

  it("lets init.headers replace a Request's headers, as fetch does", async () => {
    const request = new Request(`${zoom.server.url}/v2/echo`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    })
    const response = await zoomFetch()(request, { headers: { 'content-type': 'text/csv' } })
    expect(await response.json()).toMatchObject({ contentType: 'text/csv', body: 'x' })
  })

  it("never writes the token into the caller's Request or header objects", async () => {
    const headers = new Headers({ accept: 'application/json' })
    const plain = { accept: 'application/json' }
    const request = new Request(`${zoom.server.url}/v2/users/me`)
    const fetchWithToken = zoomFetch()
    await fetchWithToken(`${zoom.server.url}/v2/users/me`, { headers })
    await fetchWithToken(`${zoom.server.url}/v2/users/me`, { headers: plain })
    await fetchWithToken(request)
    expect(headers.has('authorization')).toBe(false)
    expect(plain).toEqual({ accept: 'application/json' })
    expect(request.headers.has('authorization')).toBe(false)
    expect(seen()).toEqual([
      [200, true],
      [200, true],
      [200, true],
    ])
  })

  it.each([
    [
      'a record',
      () => ({ headers: { Authorization: 'Bearer stale', 'Content-Type': 'text/csv' } }),
    ],
    [
      'an array',
      () => ({
        headers: [
          ['AUTHORIZATION', 'Bearer stale'],
          ['content-type', 'text/csv'],
        ],
      }),
    ],
    [
      'a Map',
      () => ({
        headers: new Map([
          ['Authorization', 'Bearer stale'],
          ['content-type', 'text/csv'],
        ]),
      }),
    ],
    [
      'a generator of Sets',
      () => ({
        headers: (function* () {
          yield new Set(['authorization', 'Bearer stale'])
          yield new Set(['content-type', 'text/csv'])
        })(),
      }),
    ],
    [
      'a Headers',
      () => ({
        headers: new Headers({ authorization: 'Bearer stale', 'content-type': 'text/csv' }),
      }),
    ],
  ])(
    'replaces an Authorization header the caller set in %s, keeping the others',
    async (_form, init) => {
      const response = await zoomFetch()(`${zoom.server.url}/v2/echo`, {
        method: 'POST',
        body: 'a,b',
        ...(init() as RequestInit),
      })
      expect(await response.json()).toMatchObject({ contentType: 'text/csv', body: 'a,b' })
      expect(zoom.server.stats.requests.map((r) => [r.status, r.token === 'stale'])).toEqual([
        [200, false],
      ])
    },
  )

  it("replaces the Authorization of a Request, keeping the Request's other headers", async () => {
    const request = new Request(`${zoom.server.url}/v2/echo`, {
      method: 'POST',
      body: 'a,b',
      headers: { authorization: 'Bearer stale', 'content-type': 'text/csv' },
    })
    const response = await zoomFetch()(request)
    expect(await response.json()).toMatchObject({ contentType: 'text/csv', body: 'a,b' })
    expect(zoom.server.stats.requests.map((r) => [r.status, r.token === 'stale'])).toEqual([
      [200, false],
    ])
  })

  it('sends nothing to a host outside hosts and leaves its 401 alone', async () => {
    const other = await startZoomEmulator()
    try {
      const response = await zoomFetch()(`${other.url}/v2/users/me`)
      expect(response.status).toBe(401)
      expect(other.stats.requests.map((r) => r.token)).toEqual([undefined])
      // No token was even fetched for it.
      expect(zoom.server.stats.tokenRequests).toBe(0)
    } finally {
      await other.close()
    }
  })

  it('treats localhost and 127.0.0.1 as different hosts', async () => {
    const localhostUrl = zoom.server.url.replace('127.0.0.1', 'localhost')
    const response = await zoomFetch()(`${localhostUrl}/v2/users/me`)
    expect(response.status).toBe(401)
    expect(seen()).toEqual([[401, false]])
  })

  it('rejects plain http to a listed non-loopback host with insecure_url, sending nothing', async () => {
    const transport = vi.fn<typeof fetch>()
    const fetchWithToken = zoomAuth(zoom.provider(), {
      hosts: ['api.example.test'],
      fetch: transport,
    })
    await expect(fetchWithToken('http://api.example.test/v2/users/me')).rejects.toMatchObject({
      name: 'ZoomAuthError',
      code: 'insecure_url',
    })
    expect(transport).not.toHaveBeenCalled()
    expect(zoom.server.stats.tokenRequests).toBe(0)
  })

  it('passes a relative URL to the transport untouched', async () => {
    const transport = vi.fn<typeof fetch>(async () => new Response('from transport'))
    const fetchWithToken = zoomAuth(zoom.provider(), { fetch: transport })
    const response = await fetchWithToken('/v2/users/me', { method: 'DELETE' })
    expect(await response.text()).toBe('from transport')
    expect(transport).toHaveBeenCalledWith('/v2/users/me', { method: 'DELETE' })
  })

  it('uses the global fetch as it is at call time', async () => {
    const fetchWithToken = zoomFetch()
    const stub = vi.fn<typeof fetch>(async () => new Response('stubbed'))
    vi.stubGlobal('fetch', stub)
    const response = await fetchWithToken('https://elsewhere.example/')
    expect(await response.text()).toBe('stubbed')
    expect(stub).toHaveBeenCalledOnce()
  })

  it('fetches tokens through the global fetch as it is at call time when it builds its own provider', async () => {
    const fetchWithToken = zoomAuth(
      { ...zoom.server.credentials, oauthBaseUrl: zoom.server.url },
      { hosts: [zoom.server.host] },
    )
    const realFetch = globalThis.fetch
    const stub = vi.fn<typeof fetch>((input, init) => realFetch(input, init))
    vi.stubGlobal('fetch', stub)
    const response = await fetchWithToken(`${zoom.server.url}/v2/users/me`)
    expect(response.status).toBe(200)
    const urls = stub.mock.calls.map(([input]) => new URL(String(input)).pathname)
    expect(urls).toEqual(['/oauth/token', '/v2/users/me'])
  })

  it('fetches tokens through the given fetch when it builds its own provider', async () => {
    const transport = vi.fn<typeof fetch>((input, init) => fetch(input, init))
    const fetchWithToken = zoomAuth(
      { ...zoom.server.credentials, oauthBaseUrl: zoom.server.url },
      { fetch: transport },
    )
    const response = await fetchWithToken(`${zoom.server.url}/v2/users/me`)
    expect(response.status).toBe(200)
    const urls = transport.mock.calls.map(([input]) => new URL(String(input)).pathname)
    expect(urls).toEqual(['/oauth/token', '/v2/users/me'])
  })

  it('throws TypeError for options that are not an object or a fetch that is not a function', () => {
    const provider = zoom.provider()
    expect(() => zoomAuth(provider, null as never)).toThrow(TypeError)
    expect(() => zoomAuth(provider, { fetch: 'fetch' as never })).toThrow(TypeError)
    expect(() => zoomAuth(provider, { hosts: 'api.zoom.us' as never })).toThrow(TypeError)
    expect(() => zoomAuth(undefined as never)).toThrow(TypeError)
  })
})
