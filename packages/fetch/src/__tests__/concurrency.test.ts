import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { useLocalZoom } from './harness.js'

const CONCURRENT = 500

describe('concurrency', () => {
  const local = useLocalZoom()

  it(`makes one token request for ${CONCURRENT} concurrent requests on a cold cache`, async () => {
    const zoomFetch = zoomAuth(local.provider(), { hosts: [local.zoom.host] })
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT }, () => zoomFetch(`${local.zoom.url}/v2/users/me`)),
    )
    await Promise.all(responses.map((response) => response.arrayBuffer()))
    expect(responses.every((response) => response.status === 200)).toBe(true)
    expect(local.zoom.stats.tokenRequests).toBe(1)
    expect(local.zoom.stats.apiRequests).toBe(CONCURRENT)
  })

  it(`refreshes once when the token is revoked with ${CONCURRENT} requests in flight`, async () => {
    const provider = local.provider()
    let replays = 0
    provider.subscribe((event) => {
      if (event.type === 'request_replayed') replays += 1
    })
    const zoomFetch = zoomAuth(provider, { hosts: [local.zoom.host] })
    await (await zoomFetch(`${local.zoom.url}/v2/users/me`)).arrayBuffer()

    // All of them reach the server with the old token before it is revoked, so every one gets a 401.
    const gate = local.zoom.holdApiRequests(CONCURRENT)
    const pending = Array.from({ length: CONCURRENT }, (_, index) =>
      zoomFetch(`${local.zoom.url}/v2/echo`, { method: 'POST', body: `request ${index}` }),
    )
    await gate.arrived
    local.zoom.revokeTokens()
    gate.release()
    const responses = await Promise.all(pending)
    const echoed = await Promise.all(responses.map((r) => r.json() as Promise<{ body: string }>))

    expect(responses.every((response) => response.status === 200)).toBe(true)
    expect(echoed.map((e) => e.body)).toEqual(pending.map((_, index) => `request ${index}`))
    expect(local.zoom.stats.tokenRequests).toBe(2)
    // Each of the 500 made exactly two attempts: its 401 and one replay.
    const echoAttempts = local.zoom.stats.requests.filter((r) => r.path === '/v2/echo')
    expect(echoAttempts.filter((r) => r.status === 401)).toHaveLength(CONCURRENT)
    expect(echoAttempts.filter((r) => r.status === 200)).toHaveLength(CONCURRENT)
    expect(replays).toBe(CONCURRENT)
  })
})
