import axios, { type InternalAxiosRequestConfig } from 'axios'
import { describe, expect, it } from 'vitest'
import { attachZoomAuth, isZoomAuthError, zoomAuth, type ZoomAuthError } from '../index.js'
import type { Echo } from './support/echo.js'
import { recordingAdapter } from './support/gate.js'
import { useZoom } from './support/harness.js'

describe('zoomAuth', () => {
  const local = useZoom()

  it('gives a request on the default axios instance the token', async () => {
    const id = axios.interceptors.request.use(
      zoomAuth(local.provider(), { hosts: [local.zoom.host] }),
    )
    try {
      const response = await axios.get(`${local.zoom.url}/v2/users/me`)
      expect(response.data).toMatchObject({ id: 'emulator-user' })
    } finally {
      axios.interceptors.request.eject(id)
    }
    expect(local.attempts()).toEqual([[200, 1]])
  })

  it('gives a request on an axios.create() instance the token', async () => {
    const api = axios.create()
    api.interceptors.request.use(zoomAuth(local.credentials(), { hosts: [local.zoom.host] }))
    const response = await api.get(`${local.zoom.url}/v2/users/me`)
    expect(response.status).toBe(200)
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })

  it('trusts the token endpoint host by default, so `hosts` may be omitted for it', async () => {
    const api = axios.create()
    api.interceptors.request.use(zoomAuth(local.provider()))
    expect((await api.get(`${local.zoom.url}/v2/users/me`)).status).toBe(200)
  })

  it('resolves a relative URL against baseURL and sends the token there', async () => {
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/` })
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const { data } = await api.post<Echo>('echo?page=2', { a: 1 })
    expect(data).toMatchObject({ path: '/v2/echo', query: { page: '2' }, body: '{"a":1}' })
    expect(local.attempts()).toEqual([[200, 1]])
  })

  it('sends no token to an absolute URL outside `hosts`, even with an allowed baseURL', async () => {
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/` })
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const response = await api.get(`${local.other.url}/v2/users/me`, { validateStatus: () => true })
    expect(response.status).toBe(401)
    expect(local.other.stats.requests.map((r) => r.token)).toEqual([undefined])
    // Not ours: no token was fetched for it, and its 401 is not replayed.
    expect(local.zoom.stats.tokenRequests).toBe(0)
    expect(local.other.stats.apiRequests).toBe(1)
  })

  it('sends no token to a protocol-relative URL that leaves baseURL', async () => {
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/` })
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const error = await api.get(`//${local.other.host}/v2/users/me`).catch((e: unknown) => e)
    // Node has no page to resolve it against: axios' adapter fails it, and no token was fetched.
    expect(error).toBeInstanceOf(Error)
    expect(isZoomAuthError(error)).toBe(false)
    expect(local.zoom.stats.tokenRequests).toBe(0)
    expect(local.other.stats.apiRequests).toBe(0)
  })

  it('keeps an Authorization header the caller set for a host outside `hosts`', async () => {
    const api = axios.create()
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    await api.get(`${local.other.url}/v2/users/me`, {
      headers: { Authorization: 'Bearer callers-own' },
      validateStatus: () => true,
    })
    expect(local.other.stats.requests.map((r) => r.token)).toEqual(['callers-own'])
  })

  it('rejects an allowed non-loopback host over plain http with insecure_url, sending nothing', async () => {
    const api = axios.create()
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: ['api.example.test'] }))
    const error = await api.get('http://api.example.test/v2/users/me').catch((e: unknown) => e)
    expect(isZoomAuthError(error)).toBe(true)
    expect((error as ZoomAuthError).code).toBe('insecure_url')
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('decides on the URL the request really goes to, after every other interceptor ran', async () => {
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/` })
    // Registered before ours, so (as axios runs request interceptors last-registered first) it
    // runs after ours: it moves the request to another origin.
    api.interceptors.request.use((config) => {
      config.baseURL = `${local.other.url}/v2/`
      return config
    })
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    await api.get('users/me', { validateStatus: () => true })
    expect(local.other.stats.requests.map((r) => r.token)).toEqual([undefined])
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('works with user interceptors registered before and after it, on the first send and the replay', async () => {
    const provider = local.provider()
    const recorder = recordingAdapter()
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/`, adapter: recorder.adapter })
    const seen: string[] = []
    api.interceptors.request.use(async (config) => {
      await Promise.resolve()
      config.headers.set('X-Before', 'b')
      return config
    })
    api.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host] }))
    api.interceptors.request.use((config) => {
      config.headers.set('X-After', 'a')
      // Other interceptors never see the token: it is set below them, in the adapter.
      seen.push(String(config.headers.get('Authorization') ?? 'none'))
      return config
    })
    let responses = 0
    api.interceptors.response.use((response) => {
      responses += 1
      return response
    })

    await provider.getToken()
    local.zoom.revokeTokens()
    const { data } = await api.put<Echo>('echo', 'hello')

    expect(data.body).toBe('hello')
    expect(responses).toBe(1)
    expect(seen).toEqual(['none'])
    expect(local.attempts()).toEqual([
      [401, 1],
      [200, 2],
    ])
    expect(recorder.sent.map((headers) => [headers['X-Before'], headers['X-After']])).toEqual([
      ['b', 'a'],
      ['b', 'a'],
    ])
  })

  it('replays once even when registered twice', async () => {
    const api = axios.create()
    const interceptor = zoomAuth(local.provider(), { hosts: [local.zoom.host] })
    api.interceptors.request.use(interceptor)
    api.interceptors.request.use(interceptor)
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const error = await api.get(`${local.zoom.url}/v2/unauthorized`).catch((e: unknown) => e)
    expect(axios.isAxiosError(error) && error.response?.status).toBe(401)
    expect(local.zoom.stats.requests).toHaveLength(2)
  })

  it('works registered as a synchronous interceptor', async () => {
    const api = axios.create()
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [local.zoom.host] }), null, {
      synchronous: true,
    })
    expect((await api.get(`${local.zoom.url}/v2/users/me`)).status).toBe(200)
  })

  it('hands back the config it was given', () => {
    const config = { headers: new axios.AxiosHeaders() } as InternalAxiosRequestConfig
    expect(zoomAuth(local.provider())(config)).toBe(config)
    expect(typeof config.adapter).toBe('function')
  })

  it("sends through the instance's own adapter, also the fetch adapter", async () => {
    const api = axios.create({ adapter: 'fetch' })
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    await api.get(`${local.zoom.url}/v2/users/me`)
    local.zoom.revokeTokens()
    const { data } = await api.post<Echo>(`${local.zoom.url}/v2/echo`, { a: 1 })
    expect(data.body).toBe('{"a":1}')
    expect(local.attempts()).toEqual([
      [200, 1],
      [401, 1],
      [200, 2],
    ])
  })

  it('wraps a custom adapter function', async () => {
    const statuses: number[] = []
    const api = axios.create({
      adapter: async (config) => {
        const response = await axios.getAdapter('http')(config)
        statuses.push(response.status)
        return response
      },
      validateStatus: () => true,
    })
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    expect((await api.get(`${local.zoom.url}/v2/unauthorized`)).status).toBe(401)
    expect(statuses).toEqual([401, 401])
  })

  it('throws TypeError at once for bad input', () => {
    expect(() => zoomAuth(undefined as never)).toThrow(TypeError)
    expect(() => zoomAuth({ accountId: 'a', clientId: 'c' } as never)).toThrow(TypeError)
    expect(() => zoomAuth(local.provider(), { hosts: 'api.zoom.us' } as never)).toThrow(TypeError)
  })
})

describe('attachZoomAuth', () => {
  const local = useZoom()

  it('registers the interceptor and returns the function that removes it', async () => {
    const api = axios.create({ baseURL: local.zoom.url, validateStatus: () => true })
    const detach = attachZoomAuth(api, local.provider(), { hosts: [local.zoom.host] })
    expect((await api.get('/v2/users/me')).status).toBe(200)
    detach()
    expect((await api.get('/v2/users/me')).status).toBe(401)
    expect(local.attempts()).toEqual([
      [200, 1],
      [401, undefined],
    ])
  })

  it('works on the default axios instance', async () => {
    const detach = attachZoomAuth(axios, local.credentials(), { hosts: [local.zoom.host] })
    try {
      expect((await axios.get(`${local.zoom.url}/v2/users/me`)).status).toBe(200)
    } finally {
      detach()
    }
  })
})
