import { inspect } from 'node:util'
import axios from 'axios'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { useLocalZoom } from './support/harness.js'

describe("the caller's signal", () => {
  const local = useLocalZoom()

  function instance() {
    const provider = local.provider()
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/` })
    api.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host] }))
    return { api, provider }
  }

  const leaks = (error: unknown) =>
    local.zoom.containsToken(inspect(error, { depth: Infinity }) + JSON.stringify(error))

  it('aborts the wait for a token with a CanceledError, and the token still arrives for others', async () => {
    const { api, provider } = instance()
    const gate = local.zoom.holdTokenRequests(1)
    const controller = new AbortController()
    const request = api.get('users/me', { signal: controller.signal }).catch((e: unknown) => e)
    await gate.arrived
    controller.abort()
    const error = await request
    expect(axios.isCancel(error)).toBe(true)
    gate.release()
    expect((await api.get('users/me')).status).toBe(200)
    expect(local.zoom.stats.tokenRequests).toBe(1)
    expect(local.zoom.stats.requests).toHaveLength(1)
    expect(provider.peek()).toBeDefined()
  })

  it('aborts a request in flight, and the error holds no token', async () => {
    const { api, provider } = instance()
    await provider.getToken()
    const gate = local.zoom.holdApiRequests(1)
    const controller = new AbortController()
    const request = api.get('users/me', { signal: controller.signal }).catch((e: unknown) => e)
    await gate.arrived
    controller.abort()
    const error = await request
    gate.release()
    expect(axios.isCancel(error)).toBe(true)
    expect(leaks(error)).toBe(false)
  })

  it('aborts the wait for the replay token, and the error holds no token', async () => {
    const { api, provider } = instance()
    await provider.getToken()
    local.zoom.revokeTokens()
    const gate = local.zoom.holdTokenRequests(1)
    const controller = new AbortController()
    const request = api
      .post('echo', { a: 1 }, { signal: controller.signal })
      .catch((e: unknown) => e)
    await gate.arrived
    controller.abort()
    const error = await request
    gate.release()
    expect(axios.isCancel(error)).toBe(true)
    expect(leaks(error)).toBe(false)
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401])
  })

  it('sends nothing and fetches no token for an already aborted signal', async () => {
    const { api } = instance()
    const error = await api
      .get('users/me', { signal: AbortSignal.abort() })
      .catch((e: unknown) => e)
    expect(axios.isCancel(error)).toBe(true)
    expect(local.zoom.stats.tokenRequests).toBe(0)
    expect(local.zoom.stats.apiRequests).toBe(0)
  })
})
