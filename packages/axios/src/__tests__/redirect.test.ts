import axios from 'axios'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import type { Echo } from './support/echo.js'
import { useZoom } from './support/harness.js'

describe('redirects', () => {
  const local = useZoom()

  function redirectTo(target: string): string {
    return `${local.zoom.url}/v2/redirect?to=${encodeURIComponent(target)}`
  }

  it('keeps the token on a redirect within the origin', async () => {
    const api = axios.create()
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const { data } = await api.get<Echo>(redirectTo('/v2/echo'))
    expect(data.path).toBe('/v2/echo')
    expect(local.attempts()).toEqual([
      [302, 1],
      [200, 1],
    ])
  })

  it.each([
    ['outside `hosts`', false],
    ['also in `hosts`', true],
  ])('never carries the token to another origin %s', async (_name, otherAllowed) => {
    const hosts = otherAllowed ? [local.zoom.host, local.other.host] : [local.zoom.host]
    const api = axios.create({ validateStatus: () => true })
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts }))
    await api.get(redirectTo(`${local.other.url}/v2/users/me`))
    expect(local.attempts()).toEqual([[302, 1]])
    expect(local.other.stats.requests.map((r) => r.token)).toEqual([undefined])
  })

  it("never carries the token to another origin, even when the caller's beforeRedirect copies it", async () => {
    const api = axios.create({ validateStatus: () => true })
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    let called = 0
    await api.get(redirectTo(`${local.other.url}/v2/users/me`), {
      beforeRedirect(options, _response, request) {
        called += 1
        const headers = options['headers'] as Record<string, string>
        headers['Authorization'] = request.headers['Authorization'] ?? ''
      },
    })
    expect(called).toBe(1)
    expect(local.other.stats.requests.map((r) => r.token)).toEqual([undefined])
  })

  it('does not replay, nor retire the token, for a 401 from the other origin', async () => {
    const provider = local.provider()
    const api = axios.create()
    api.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host] }))
    const error = await api
      .get(redirectTo(`${local.other.url}/v2/users/me`))
      .catch((e: unknown) => e)
    expect(axios.isAxiosError(error) && error.response?.status).toBe(401)
    expect(local.other.stats.apiRequests).toBe(1)
    expect(local.zoom.stats.apiRequests).toBe(1)
    expect(local.zoom.stats.tokenRequests).toBe(1)
    expect(provider.peek()).toBeDefined()
  })

  it("leaves the config with the caller's own beforeRedirect afterwards", async () => {
    const api = axios.create()
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const beforeRedirect = () => {}
    const withHook = await api.get(`${local.zoom.url}/v2/users/me`, { beforeRedirect })
    const withoutHook = await api.get(`${local.zoom.url}/v2/users/me`)
    expect(withHook.config.beforeRedirect).toBe(beforeRedirect)
    expect(withoutHook.config.beforeRedirect).toBeUndefined()
  })

  describe("axios' fetch adapter (fetch follows the redirects itself)", () => {
    it('does not replay, nor retire the token, for a 401 from the other origin', async () => {
      const provider = local.provider()
      const api = axios.create({ adapter: 'fetch' })
      api.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host] }))
      const error = await api
        .get(redirectTo(`${local.other.url}/v2/users/me`))
        .catch((e: unknown) => e)
      expect(axios.isAxiosError(error) && error.response?.status).toBe(401)
      expect(local.other.stats.requests.map((r) => r.token)).toEqual([undefined])
      expect(local.zoom.stats.apiRequests).toBe(1)
      expect(local.zoom.stats.tokenRequests).toBe(1)
      expect(provider.peek()).toBeDefined()
    })

    it("replays a 401 after a redirect within the origin, through the caller's own env.fetch", async () => {
      const seen: unknown[] = []
      const ownFetch: typeof fetch = (input, init) => {
        seen.push(init)
        return fetch(input, init)
      }
      const api = axios.create({ adapter: 'fetch', env: { fetch: ownFetch } })
      api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
      const error = await api.get(redirectTo('/v2/unauthorized')).catch((e: unknown) => e)
      expect(axios.isAxiosError(error) && error.response?.status).toBe(401)
      expect(local.attempts()).toEqual([
        [302, 1],
        [401, 1],
        [302, 2],
        [401, 2],
      ])
      expect(seen).toHaveLength(2)
      for (const init of seen) expect(Object.keys(init ?? {})).not.toContain('zoomAuthFinalUrl')
      expect(axios.isAxiosError(error) && error.config?.env?.fetch).toBe(ownFetch)
    })
  })
})
