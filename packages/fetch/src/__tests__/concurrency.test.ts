import { startZoomEmulator } from '@zoom-auth/testing'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'
import { startLocalZoom } from './support/local-zoom.js'

const CONCURRENT = 500

describe('concurrency on a cold cache', () => {
  const zoom = useZoom(startZoomEmulator)

  it(`makes one token request for ${CONCURRENT} concurrent requests`, async () => {
    const zoomFetch = zoomAuth(zoom.provider(), { hosts: [zoom.server.host] })
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT }, () => zoomFetch(`${zoom.server.url}/v2/users/me`)),
    )
    await Promise.all(responses.map((response) => response.arrayBuffer()))
    expect(responses.every((response) => response.status === 200)).toBe(true)
    expect(zoom.server.stats.tokenRequests).toBe(1)
    expect(zoom.server.stats.apiRequests).toBe(CONCURRENT)
  })
})

// Holding all 500 at the server while the token is revoked needs the local stand-in's gate.
describe('concurrency under revocation', () => {
  const local = useZoom(startLocalZoom)

  it(`refreshes once when the token is revoked with ${CONCURRENT} requests in flight`, async () => {
    const provider = local.provider()
    let replays = 0
    provider.subscribe((event) => {
      if (event.type === 'request_replayed') replays += 1
    })
    const zoomFetch = zoomAuth(provider, { hosts: [local.server.host] })
    await (await zoomFetch(`${local.server.url}/v2/users/me`)).arrayBuffer()

    // All of them reach the server with the old token before it is revoked, so every one gets a 401.
    const gate = local.server.holdApiRequests(CONCURRENT)
    const pending = Array.from({ length: CONCURRENT }, (_, index) =>
      zoomFetch(`${local.server.url}/v2/echo`, { method: 'POST', body: `request ${index}` }),
    )
    await gate.arrived
    local.server.revokeTokens()
    gate.release()
    const responses = await Promise.all(pending)
    const echoed = await Promise.all(responses.map((r) => r.json() as Promise<{ body: string }>))

    expect(responses.every((response) => response.status === 200)).toBe(true)
    expect(echoed.map((e) => e.body)).toEqual(pending.map((_, index) => `request ${index}`))
    expect(local.server.stats.tokenRequests).toBe(2)
    // Each of the 500 made exactly two attempts: its 401 and one replay.
    const echoAttempts = local.server.stats.requests.filter((r) => r.path === '/v2/echo')
    expect(echoAttempts.filter((r) => r.status === 401)).toHaveLength(CONCURRENT)
    expect(echoAttempts.filter((r) => r.status === 200)).toHaveLength(CONCURRENT)
    expect(replays).toBe(CONCURRENT)
  })
})
