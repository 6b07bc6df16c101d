import { Request as UndiciRequest, Response as UndiciResponse, fetch as undiciFetch } from 'undici'
import { startZoomEmulator } from '@zoom-auth/testing'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'

describe("with undici's own fetch", () => {
  const zoom = useZoom(startZoomEmulator)
  const zoomFetch = () =>
    zoomAuth(zoom.provider(), { hosts: [zoom.server.host], fetch: undiciFetch })

  it("adds the token and hands back undici's Response", async () => {
    const response = await zoomFetch()(`${zoom.server.url}/v2/users/me`)
    expect(response).toBeInstanceOf(UndiciResponse)
    expect(await response.json()).toMatchObject({ id: 'emulator-user' })
    expect(zoom.server.stats.requests.map((r) => [r.status, r.token !== undefined])).toEqual([
      [200, true],
    ])
  })

  it('replays an undici Request with its body after a 401', async () => {
    const fetchWithToken = zoomFetch()
    await (await fetchWithToken(`${zoom.server.url}/v2/users/me`)).arrayBuffer()
    zoom.server.revokeTokens()
    const request = new UndiciRequest(`${zoom.server.url}/v2/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"via":"undici"}',
    })
    const response = await fetchWithToken(request)
    expect(await response.json()).toMatchObject({
      method: 'POST',
      contentType: 'application/json',
      body: '{"via":"undici"}',
    })
    expect(zoom.server.stats.requests.slice(1).map((r) => r.status)).toEqual([401, 200])
  })

  it('makes exactly 2 attempts against an endpoint that always answers 401', async () => {
    const response = await zoomFetch()(`${zoom.server.url}/v2/unauthorized`)
    expect(response.status).toBe(401)
    expect(zoom.server.stats.requests).toHaveLength(2)
  })
})
