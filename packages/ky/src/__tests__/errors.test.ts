import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ZoomAuthError, isZoomAuthError, zoomAuth, type TokenProvider } from '../index.js'
import { useZoom } from './support/harness.js'
import { KY_MAJORS } from './support/ky-majors.js'

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

describe.each(KY_MAJORS)('zoomAuth (%s) — errors', (_name, major) => {
  const { ky, HTTPError } = major
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

  it("never puts the token in ky's errors (util.inspect and JSON.stringify show none)", async () => {
    const provider = local.provider()
    const api = ky.create(zoomAuth(provider))
    const error = await api.get(`${local.zoom.url}/v2/forbidden`).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HTTPError)
    const token = provider.peek()?.accessToken ?? ''
    expect(token).not.toBe('')
    expect(inspect(error, { depth: 10 }).includes(token)).toBe(false)
    expect(JSON.stringify(error).includes(token)).toBe(false)
    expect(
      (error as InstanceType<typeof HTTPError>).request.headers.get('authorization'),
    ).toBeNull()
  })

  it.each([
    ['retries on', { limit: 2, delay: () => 0 }],
    ['retry: 0 (ky 2 then keeps no copy of the request)', 0],
  ])(
    'holds neither token in the HTTPError of a replay that got a 401 again, %s',
    async (_name, retry) => {
      const sent: string[] = []
      const recordingFetch = (input: Request, init?: RequestInit) => {
        sent.push(new Headers(init?.headers).get('authorization') ?? '')
        return fetch(input, init)
      }
      const api = ky.create(zoomAuth(local.provider(), { fetch: recordingFetch }))
      const error = await api
        .get(`${local.zoom.url}/v2/unauthorized`, { retry })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(HTTPError)
      expect(new Set(sent).size).toBe(2)
      const text = inspect(error, { depth: 10 })
      for (const header of sent) expect(text.includes(header.slice('Bearer '.length))).toBe(false)
    },
  )

  it("leaves a caller's own header alone on a host outside `hosts`, retries included", async () => {
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
