import { inspect } from 'node:util'
import axios from 'axios'
import { describe, expect, it } from 'vitest'
import { zoomAuth, type TokenProvider } from '../index.js'
import { gatedFetch, sendingAdapter } from './support/gate.js'
import { useZoom } from './support/harness.js'

describe("the caller's signal", () => {
  const local = useZoom()

  function instance(provider: TokenProvider = local.provider()) {
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/` })
    api.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host] }))
    return api
  }

  const leaks = (error: unknown) =>
    local.containsToken(inspect(error, { depth: Infinity }) + JSON.stringify(error))

  it('aborts the wait for a token with a CanceledError, and the token still arrives for others', async () => {
    const tokenFetch = gatedFetch(1)
    const provider = local.provider({ fetch: tokenFetch.fetch })
    const api = instance(provider)
    const controller = new AbortController()
    const request = api.get('users/me', { signal: controller.signal }).catch((e: unknown) => e)
    await tokenFetch.arrived
    controller.abort()
    expect(axios.isCancel(await request)).toBe(true)
    expect(local.zoom.stats.apiRequests).toBe(0)

    tokenFetch.release()
    expect((await api.get('users/me')).status).toBe(200)
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })

  it('aborts a request in flight, and the error holds no token', async () => {
    const provider = local.provider()
    await provider.getToken()
    const transport = sendingAdapter()
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/`, adapter: transport.adapter })
    api.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host] }))
    const controller = new AbortController()
    const request = api.get('users/me', { signal: controller.signal }).catch((e: unknown) => e)
    await transport.sending
    controller.abort()
    const error = await request
    expect(axios.isCancel(error)).toBe(true)
    expect(leaks(error)).toBe(false)
  })

  it('aborts the wait for the replay token, and the error holds no token', async () => {
    // The first token request goes through; the second, for the replay, is held.
    const tokenFetch = gatedFetch(1, 1)
    const provider = local.provider({ fetch: tokenFetch.fetch })
    const api = instance(provider)
    await provider.getToken()
    local.zoom.revokeTokens()
    const controller = new AbortController()
    const request = api
      .post('echo', { a: 1 }, { signal: controller.signal })
      .catch((e: unknown) => e)
    await tokenFetch.arrived
    controller.abort()
    const error = await request
    tokenFetch.release()
    expect(axios.isCancel(error)).toBe(true)
    expect(leaks(error)).toBe(false)
    expect(local.attempts()).toEqual([[401, 1]])
  })

  it('aborted just after the response, leaves a CanceledError that holds no token', async () => {
    const controller = new AbortController()
    const http = axios.getAdapter('http')
    const api = axios.create({
      baseURL: `${local.zoom.url}/v2/`,
      // The abort lands after the response arrived and before axios hands it over.
      adapter: async (config) => {
        const response = await http(config)
        controller.abort()
        return response
      },
    })
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const error = await api.get('users/me', { signal: controller.signal }).catch((e: unknown) => e)
    expect(axios.isCancel(error)).toBe(true)
    expect(local.attempts()).toEqual([[200, 1]])
    expect(leaks(error)).toBe(false)
  })

  it('sends nothing and fetches no token for an already aborted signal', async () => {
    const api = instance()
    const error = await api
      .get('users/me', { signal: AbortSignal.abort() })
      .catch((e: unknown) => e)
    expect(axios.isCancel(error)).toBe(true)
    expect(local.zoom.stats.tokenRequests).toBe(0)
    expect(local.zoom.stats.apiRequests).toBe(0)
  })
})
