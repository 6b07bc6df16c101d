import { inspect } from 'node:util'
import axios, { type AxiosInstance } from 'axios'
import { describe, expect, it } from 'vitest'
import {
  isZoomAuthError,
  zoomAuth,
  ZoomAuthError,
  type AdapterOptions,
  type TokenProvider,
} from '../index.js'
import { useZoom } from './support/harness.js'

describe('errors', () => {
  const local = useZoom()

  function instance(
    provider: TokenProvider = local.provider(),
    options: AdapterOptions = {},
  ): AxiosInstance {
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/` })
    api.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host], ...options }))
    return api
  }

  /**
   * What loggers print: util.inspect (default and deeper), JSON, the message, and every string
   * reachable through enumerable properties at any depth. (Not `depth: Infinity` inspection, which
   * in tests walks into nock's mock sockets through symbol-keyed internals that real sockets lack.)
   */
  function logged(error: unknown): string {
    const strings: string[] = []
    const seen = new Set<unknown>()
    const walk = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value)
      if (typeof value !== 'object' || value === null || seen.has(value)) return
      seen.add(value)
      for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key])
    }
    walk(error)
    return [
      inspect(error),
      inspect(error, { depth: 5 }),
      JSON.stringify(error),
      String(error),
      ...strings,
    ].join('\n')
  }

  describe('token failures', () => {
    it('reject the request with the ZoomAuthError itself', async () => {
      local.zoom.failNextTokenRequests({
        status: 400,
        body: { error: 'invalid_client', reason: 'Invalid client_id or client_secret' },
      })
      const provider = local.provider()
      const error = await instance(provider)
        .get('users/me')
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ZoomAuthError)
      expect(isZoomAuthError(error)).toBe(true)
      expect(axios.isAxiosError(error)).toBe(false)
      expect((error as ZoomAuthError).code).toBe('invalid_client')
      // The same failure the provider fails fast with during the cooldown (each caller gets its own copy).
      await expect(provider.getToken()).rejects.toMatchObject({
        code: 'invalid_client',
        message: (error as ZoomAuthError).message,
      })
      expect(local.zoom.stats.apiRequests).toBe(0)
    })

    it('reject the replay with the ZoomAuthError when no new token can be had', async () => {
      const provider = local.provider({ retry: { limit: 0 } })
      const api = instance(provider)
      await provider.getToken()
      local.zoom.revokeTokens()
      local.zoom.failNextTokenRequests({ status: 500 })
      const error = await api.get('users/me').catch((e: unknown) => e)
      expect(isZoomAuthError(error) && error.code).toBe('server_error')
      expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401])
    })

    it('pass through response interceptors as they are', async () => {
      local.zoom.failNextTokenRequests({ status: 400, body: { error: 'invalid_client' } })
      const api = instance()
      const seen: unknown[] = []
      api.interceptors.response.use(undefined, (error: unknown) => {
        seen.push(error)
        throw error
      })
      const error = await api.get('users/me').catch((e: unknown) => e)
      expect(seen).toHaveLength(1)
      expect(seen[0]).toBe(error)
      expect(isZoomAuthError(error)).toBe(true)
    })
  })

  describe('AxiosErrors leave with the Authorization value redacted', () => {
    it.each([
      ['a 403', 'forbidden'],
      ['the replay’s 401', 'unauthorized'],
      ['a dropped connection', 'users/me'],
    ])('for %s', async (name, path) => {
      if (name === 'a dropped connection') local.zoom.failNextApiRequests({ reset: true })
      const error = await instance()
        .get(path)
        .catch((e: unknown) => e)
      expect(axios.isAxiosError(error)).toBe(true)
      expect(local.zoom.stats.tokenRequests).toBeGreaterThan(0)
      expect(local.containsToken(logged(error))).toBe(false)
      if (!axios.isAxiosError(error)) return
      expect(error.config?.headers.get('Authorization')).toBe('Bearer [REDACTED]')
      expect(error.response?.config.headers.get('Authorization') ?? 'Bearer [REDACTED]').toBe(
        'Bearer [REDACTED]',
      )
    })

    it('including the raw request, which stays reachable but out of serialised logs', async () => {
      const error = await instance()
        .get('forbidden')
        .catch((e: unknown) => e)
      if (!axios.isAxiosError(error)) throw new Error('expected an AxiosError')
      const request = error.request as { _header: string; getHeader(name: string): unknown }
      expect(request._header).toContain('Authorization: Bearer [REDACTED]')
      expect(request.getHeader('authorization')).toBe('Bearer [REDACTED]')
      expect(error.response?.request).toBe(request)
      expect(Object.keys(error)).not.toContain('request')
    })

    it('for a 401 whose body cannot be replayed (a stream longer than maxReplayBodyBytes)', async () => {
      const provider = local.provider()
      const api = instance(provider, { maxReplayBodyBytes: 4 })
      await provider.getToken()
      local.zoom.revokeTokens()
      const { Readable } = await import('node:stream')
      const error = await api
        .post('echo', Readable.from(['x', ' past the limit']))
        .catch((e: unknown) => e)
      expect(axios.isAxiosError(error) && error.response?.status).toBe(401)
      expect(local.containsToken(logged(error))).toBe(false)
    })

    it('for a 2xx whose body fails strict JSON parsing, after the adapter returned', async () => {
      local.zoom.failNextApiRequests({ status: 200, html: true })
      const error = await instance()
        .get('users/me', { responseType: 'json', transitional: { silentJSONParsing: false } })
        .catch((e: unknown) => e)
      expect(axios.isAxiosError(error) && error.code).toBe('ERR_BAD_RESPONSE')
      expect(local.containsToken(logged(error))).toBe(false)
    })

    it('and a request resent from such an error still gets a token and parses its body', async () => {
      const api = instance()
      local.zoom.failNextApiRequests({ status: 200, html: true })
      const strict = { responseType: 'json', transitional: { silentJSONParsing: false } } as const
      const error = await api.get('users/me', strict).catch((e: unknown) => e)
      if (!axios.isAxiosError(error) || !error.config) throw new Error('expected an AxiosError')
      const { data } = await api.request<{ id?: unknown }>(error.config)
      expect(typeof data.id).toBe('string')
      expect(local.zoom.stats.requests.map((r) => r.token !== undefined)).toEqual([true, true])
    })

    it('but not for requests that never had a token', async () => {
      const api = instance()
      const error = await api
        .get(`${local.other.url}/v2/forbidden`, { headers: { 'X-Custom': 'kept' } })
        .catch((e: unknown) => e)
      expect(axios.isAxiosError(error) && error.config?.headers.get('X-Custom')).toBe('kept')
      expect(axios.isAxiosError(error) && Object.keys(error)).toContain('request')
    })
  })
})
