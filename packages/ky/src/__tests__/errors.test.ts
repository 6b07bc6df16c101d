import { inspect } from 'node:util'
import ky, { HTTPError } from 'ky'
import { describe, expect, it } from 'vitest'
import { ZoomAuthError, isZoomAuthError, zoomAuth, type TokenProvider } from '../index.js'
import { useZoom } from './support/harness.js'
import { asKyFetch } from './support/ky-fetch.js'

/** A provider whose every token request fails with `error`. */
function failingProvider(error: ZoomAuthError): TokenProvider {
  return {
    strategy: {
      id: 'failing',
      tokenUrl: 'https://zoom.us/oauth/token',
      requestToken: () => Promise.reject(error),
    },
    getToken: () => Promise.reject(error),
    peek: () => undefined,
    invalidate: () => {},
    subscribe: () => () => {},
    close: () => {},
  }
}

describe('zoomAuth (ky) — errors', () => {
  const local = useZoom()

  it('rejects with the ZoomAuthError the provider gave, untouched', async () => {
    const failure = new ZoomAuthError('invalid_client', 'Invalid client_id or client_secret', {
      status: 400,
    })
    const api = ky.create(zoomAuth(failingProvider(failure), { hosts: [local.zoom.host] }))
    const pending = api.get(`${local.zoom.url}/v2/users/me`, {
      retry: { limit: 2, delay: () => 0 },
    })
    await expect(pending).rejects.toBe(failure)
    expect(local.zoom.stats.apiRequests).toBe(0)
  })

  it('does not let ky retry a token failure (the provider already retried the endpoint)', async () => {
    const api = ky.create(zoomAuth(local.provider()))
    local.zoom.failNextTokenRequests({ status: 503, body: { reason: 'maintenance' } }, 3)
    const error = await api
      .get(`${local.zoom.url}/v2/users/me`, { retry: { limit: 2, delay: () => 0 } })
      .catch((e: unknown) => e)
    expect(isZoomAuthError(error)).toBe(true)
    expect((error as ZoomAuthError).code).toBe('server_error')
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })

  it('rejects with the ZoomAuthError when the token for the replay cannot be had', async () => {
    const api = ky.create(zoomAuth(local.provider()))
    await api.get(`${local.zoom.url}/v2/users/me`)
    local.zoom.revokeTokens()
    local.zoom.failNextTokenRequests({
      status: 400,
      body: { error: 'invalid_client', reason: 'Invalid client_id or client_secret' },
    })
    const error = await api
      .get(`${local.zoom.url}/v2/users/me`, { retry: { limit: 2, delay: () => 0 } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ZoomAuthError)
    expect((error as ZoomAuthError).code).toBe('invalid_client')
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([200, 401])
  })

  it('redacts the token from HTTPErrors (util.inspect and JSON.stringify show none)', async () => {
    const provider = local.provider()
    const api = ky.create(zoomAuth(provider))
    const error = await api.get(`${local.zoom.url}/v2/forbidden`).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HTTPError)
    const token = provider.peek()?.accessToken ?? ''
    expect(token).not.toBe('')
    expect(inspect(error, { depth: 10 }).includes(token)).toBe(false)
    expect(JSON.stringify(error).includes(token)).toBe(false)
    expect((error as HTTPError).request.headers.get('authorization')).toBe('Bearer [REDACTED]')
  })

  it('redacts both tokens from the HTTPError of a replay that got a 401 again', async () => {
    const api = ky.create(zoomAuth(local.provider()))
    const sent: string[] = []
    const recordingFetch = (input: Request, init?: RequestInit) => {
      sent.push(input.headers.get('authorization') ?? '')
      return fetch(input, init)
    }
    const error = await api
      .get(`${local.zoom.url}/v2/unauthorized`, { fetch: asKyFetch(recordingFetch) })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HTTPError)
    expect(new Set(sent).size).toBe(2)
    const text = inspect(error, { depth: 10 })
    for (const header of sent) expect(text.includes(header.slice('Bearer '.length))).toBe(false)
    expect((error as HTTPError).request.headers.get('authorization')).toBe('Bearer [REDACTED]')
  })

  it("redacts a caller's own Authorization in error.options.headers", async () => {
    const other = await local.another()
    const api = ky.create(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const error = await api
      .get(`${other.url}/v2/unauthorized`, {
        headers: { authorization: 'Bearer callers-own-secret' },
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HTTPError)
    expect(inspect(error, { depth: 10 })).not.toContain('callers-own-secret')
  })

  it("keeps the header on ky's own retry of a request whose HTTPError was redacted", async () => {
    const other = await local.another()
    const api = ky.create(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    other.failNextApiRequests({ status: 503 })
    const response = await api.get(`${other.url}/v2/users/me`, {
      headers: { authorization: 'Bearer callers-own-secret' },
      retry: { limit: 1, delay: () => 0 },
      throwHttpErrors: (status) => status !== 401,
    })
    expect(response.status).toBe(401)
    expect(other.stats.requests.map((r) => [r.status, r.token])).toEqual([
      [503, 'callers-own-secret'],
      [401, 'callers-own-secret'],
    ])
  })

  it('throws TypeError at once for bad input or options', () => {
    expect(() => zoomAuth(null as never)).toThrow(TypeError)
    expect(() => zoomAuth(local.provider(), 'nope' as never)).toThrow(TypeError)
    expect(() => zoomAuth(local.provider(), { fetch: 'nope' as never })).toThrow(TypeError)
    expect(() => zoomAuth(local.provider(), { hosts: 'api.zoom.us' as never })).toThrow(TypeError)
  })
})
