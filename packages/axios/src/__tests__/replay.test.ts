import { Readable } from 'node:stream'
import axios, { type AxiosInstance, type AxiosResponse } from 'axios'
import { describe, expect, it } from 'vitest'
import { zoomAuth, type AdapterOptions, type TokenProvider } from '../index.js'
import type { Echo } from './support/echo.js'
import { useZoom } from './support/harness.js'

describe('the replay after a 401', () => {
  const local = useZoom()

  /** An instance whose first request meets a revoked token (so it is answered 401). */
  async function revokedInstance(
    options: AdapterOptions = {},
  ): Promise<{ api: AxiosInstance; provider: TokenProvider }> {
    const provider = local.provider()
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/` })
    api.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host], ...options }))
    await provider.getToken()
    local.zoom.revokeTokens()
    return { api, provider }
  }

  const attempts = () => local.attempts()

  it.each(['get', 'delete', 'head', 'options', 'post', 'put', 'patch'] as const)(
    'replays a %s request once with a new token',
    async (method) => {
      const { api } = await revokedInstance()
      const response = await api.request({ method, url: 'echo' })
      expect(response.status).toBe(200)
      expect(local.zoom.stats.requests.map((r) => r.method)).toEqual([
        method.toUpperCase(),
        method.toUpperCase(),
      ])
      expect(attempts()).toEqual([
        [401, 1],
        [200, 2],
      ])
    },
  )

  it.each<[string, unknown, string, string]>([
    [
      'a JSON body',
      { name: 'Ada', tags: ['x'] },
      '{"name":"Ada","tags":["x"]}',
      'application/json',
    ],
    ['a string body', 'plain text', 'plain text', 'application/x-www-form-urlencoded'],
    [
      'a URLSearchParams body',
      new URLSearchParams({ a: '1', b: 'two words' }),
      'a=1&b=two+words',
      'application/x-www-form-urlencoded;charset=utf-8',
    ],
    [
      'a Buffer body',
      Buffer.from('bytes \u00e9'),
      'bytes \u00e9',
      'application/x-www-form-urlencoded',
    ],
    [
      'a Uint8Array body',
      new TextEncoder().encode('typed'),
      'typed',
      'application/x-www-form-urlencoded',
    ],
    ['a Blob body', new Blob(['blob'], { type: 'text/plain' }), 'blob', 'text/plain'],
  ])('replays %s intact', async (_kind, body, sent, contentType) => {
    const { api } = await revokedInstance()
    const { data } = await api.post<Echo>('echo', body)
    expect(data.body).toBe(sent)
    expect(data.contentType).toBe(contentType)
    expect(attempts()).toEqual([
      [401, 1],
      [200, 2],
    ])
  })

  it('replays a FormData body intact', async () => {
    const { api } = await revokedInstance()
    const form = new FormData()
    form.append('field', 'value')
    const { data } = await api.post<Echo>('echo', form)
    expect(data.body).toContain('name="field"\r\n\r\nvalue')
    expect(attempts()).toEqual([
      [401, 1],
      [200, 2],
    ])
  })

  it('does not replay a stream body longer than maxReplayBodyBytes: the 401 reaches the caller and the token is retired', async () => {
    const { api } = await revokedInstance({ maxReplayBodyBytes: 8 })
    const error = await api
      .post('echo', Readable.from([Buffer.from('streamed'), Buffer.from(' past the limit')]))
      .catch((e: unknown) => e)
    expect(axios.isAxiosError(error) && error.response?.status).toBe(401)
    expect(attempts()).toEqual([[401, 1]])
    // The next request doesn't meet the bad token again.
    expect((await api.get('users/me')).status).toBe(200)
    expect(local.zoom.stats.tokenRequests).toBe(2)
  })

  it.each<[string, (status: number) => boolean]>([
    ['a custom validateStatus', (status) => status < 500],
    ['validateStatus () => true', () => true],
  ])('replays with %s', async (_name, validateStatus) => {
    const { api } = await revokedInstance()
    const response = await api.get('users/me', { validateStatus })
    expect(response.status).toBe(200)
    expect(attempts()).toEqual([
      [401, 1],
      [200, 2],
    ])
  })

  it('makes exactly 2 attempts at an endpoint that always answers 401, then hands over the 401', async () => {
    const { api } = await revokedInstance()
    const error = await api.get('unauthorized').catch((e: unknown) => e)
    expect(axios.isAxiosError(error) && error.response?.status).toBe(401)
    expect(axios.isAxiosError(error) && error.response?.data).toEqual({
      code: 124,
      message: 'Invalid access token.',
    })
    expect(attempts()).toEqual([
      [401, 1],
      [401, 2],
    ])
    expect(local.zoom.stats.tokenRequests).toBe(2)
  })

  it('replays once per call when a retry interceptor (axios-retry style) resends it after the replay', async () => {
    const provider = local.provider()
    await provider.getToken()
    local.zoom.revokeTokens()
    let sends = 0
    const http = axios.getAdapter('http')
    const api = axios.create({
      baseURL: `${local.zoom.url}/v2/`,
      // The replay meets a 503, which the retry interceptor below answers by resending the call.
      adapter: (config) => {
        if (++sends === 2) local.zoom.failNextApiRequests({ status: 503 })
        return http(config)
      },
    })
    api.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host] }))
    let retried = false
    api.interceptors.response.use(undefined, (error: unknown) => {
      if (!retried && axios.isAxiosError(error) && error.response?.status === 503) {
        retried = true
        return api.request(error.config ?? {})
      }
      throw error
    })
    const error = await api.get('unauthorized').catch((e: unknown) => e)
    expect(axios.isAxiosError(error) && error.response?.status).toBe(401)
    expect(attempts()).toEqual([
      [401, 1],
      [503, 2],
      [401, 2],
    ])
    expect(local.zoom.stats.tokenRequests).toBe(2)
  })

  it("hands the replay's 401 to a validateStatus that accepts it, as a response", async () => {
    const { api } = await revokedInstance()
    const response = await api.get('unauthorized', { validateStatus: () => true })
    expect(response.status).toBe(401)
    expect(local.zoom.stats.requests).toHaveLength(2)
  })

  it.each([
    ['403', 'forbidden', 403],
    ['400 with Zoom code 4711 (missing scopes)', 'scoped', 400],
  ])('does not refresh on %s', async (_name, path, status) => {
    const provider = local.provider()
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/` })
    api.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host] }))
    const error = await api.get(path).catch((e: unknown) => e)
    expect(axios.isAxiosError(error) && error.response?.status).toBe(status)
    expect(local.zoom.stats.requests).toHaveLength(1)
    expect(local.zoom.stats.tokenRequests).toBe(1)
    expect(provider.peek()).toBeDefined()
  })

  it('does not replay with retryOnUnauthorized: false', async () => {
    const { api } = await revokedInstance({ retryOnUnauthorized: false })
    const error = await api.get('users/me').catch((e: unknown) => e)
    expect(axios.isAxiosError(error) && error.response?.status).toBe(401)
    expect(attempts()).toEqual([[401, 1]])
  })

  it('gives response interceptors the replayed response once', async () => {
    const { api } = await revokedInstance()
    const seen: number[] = []
    api.interceptors.response.use(
      (response: AxiosResponse) => {
        seen.push(response.status)
        return response
      },
      (error: unknown) => {
        seen.push(-1)
        throw error
      },
    )
    await api.get('users/me')
    expect(seen).toEqual([200])
  })

  it('reports the replay as an event', async () => {
    const { api, provider } = await revokedInstance()
    const events: string[] = []
    provider.subscribe((event) => events.push(event.type))
    await api.get('users/me')
    expect(events).toContain('request_replayed')
  })

  it('replays a request with responseType stream', async () => {
    const { api } = await revokedInstance()
    const response = await api.get<Readable>('users/me', { responseType: 'stream' })
    const chunks: Buffer[] = []
    for await (const chunk of response.data) chunks.push(chunk as Buffer)
    expect(JSON.parse(Buffer.concat(chunks).toString())).toMatchObject({ id: 'emulator-user' })
    expect(attempts()).toEqual([
      [401, 1],
      [200, 2],
    ])
  })
})
