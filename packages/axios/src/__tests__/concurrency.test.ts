import axios from 'axios'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import type { Echo } from './support/echo.js'
import { gatedAdapter } from './support/gate.js'
import { useZoom } from './support/harness.js'

const CONCURRENT = 500

describe('concurrency', () => {
  const local = useZoom()

  it(`makes one token request for ${CONCURRENT} concurrent requests on a cold provider`, async () => {
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/` })
    api.interceptors.request.use(zoomAuth(local.credentials(), { hosts: [local.zoom.host] }))
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT }, () => api.get('users/me')),
    )
    expect(responses.every((response) => response.status === 200)).toBe(true)
    expect(local.zoom.stats.tokenRequests).toBe(1)
    expect(local.zoom.stats.apiRequests).toBe(CONCURRENT)
  })

  it(`fetches one new token when all tokens are revoked with ${CONCURRENT} requests in flight`, async () => {
    const provider = local.provider()
    let replays = 0
    provider.subscribe((event) => {
      if (event.type === 'request_replayed') replays += 1
    })
    await provider.getToken()
    // The first sends are held below zoom-auth, each already carrying the token, until all have
    // arrived; then the token is revoked and they go out together.
    const gate = gatedAdapter(CONCURRENT)
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/`, adapter: gate.adapter })
    api.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host] }))

    const pending = Array.from({ length: CONCURRENT }, (_, index) =>
      api.post<Echo>(`echo?i=${index}`, { index }),
    )
    await gate.arrived
    local.zoom.revokeTokens()
    gate.release()
    const responses = await Promise.all(pending)

    expect(responses.map((r) => r.data.body)).toEqual(
      pending.map((_, index) => JSON.stringify({ index })),
    )
    expect(local.zoom.stats.tokenRequests).toBe(2)
    // Each request made exactly two attempts: the 401 with token 1, the replay with token 2.
    const attempts = local.attempts()
    const byRequest = new Map<string, Array<[number, number | undefined]>>()
    local.zoom.stats.requests.forEach((request, index) => {
      const attempt = attempts[index] ?? [0, undefined]
      byRequest.set(request.path, [...(byRequest.get(request.path) ?? []), attempt])
    })
    expect(byRequest.size).toBe(CONCURRENT)
    expect(
      [...byRequest.values()].every(
        (tries) =>
          JSON.stringify(tries) ===
          JSON.stringify([
            [401, 1],
            [200, 2],
          ]),
      ),
    ).toBe(true)
    expect(replays).toBe(CONCURRENT)
  })

  it('shares one token between instances that share one provider', async () => {
    const provider = local.provider()
    const first = axios.create({ baseURL: `${local.zoom.url}/v2/` })
    const second = axios.create({ baseURL: `${local.zoom.url}/v2/`, timeout: 5_000 })
    first.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host] }))
    second.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host] }))
    await Promise.all([first.get('users/me'), second.get('users/me'), first.get('users/me')])
    expect(local.zoom.stats.tokenRequests).toBe(1)
    expect(local.attempts()).toEqual([
      [200, 1],
      [200, 1],
      [200, 1],
    ])

    // A 401 seen through one instance renews the token for the other as well.
    local.zoom.revokeTokens()
    await first.get('users/me')
    await second.get('users/me')
    expect(local.zoom.stats.tokenRequests).toBe(2)
    expect(local.attempts().slice(3)).toEqual([
      [401, 1],
      [200, 2],
      [200, 2],
    ])
  })
})
