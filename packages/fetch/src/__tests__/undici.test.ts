import { Request as UndiciRequest, Response as UndiciResponse, fetch as undiciFetch } from 'undici'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { useLocalZoom } from './harness.js'

describe("with undici's own fetch", () => {
  const local = useLocalZoom()
  const zoomFetch = () =>
    zoomAuth(local.provider(), { hosts: [local.zoom.host], fetch: undiciFetch })

  it("adds the token and hands back undici's Response", async () => {
    const response = await zoomFetch()(`${local.zoom.url}/v2/users/me`)
    expect(response).toBeInstanceOf(UndiciResponse)
    expect(await response.json()).toEqual({ id: 'me' })
    expect(local.zoom.stats.requests[0]?.validToken).toBe(true)
  })

  it('replays an undici Request with its body after a 401', async () => {
    const fetchWithToken = zoomFetch()
    await (await fetchWithToken(`${local.zoom.url}/v2/users/me`)).arrayBuffer()
    local.zoom.revokeTokens()
    const request = new UndiciRequest(`${local.zoom.url}/v2/echo`, {
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
    expect(local.zoom.stats.requests.slice(1).map((r) => [r.status, r.body])).toEqual([
      [401, '{"via":"undici"}'],
      [200, '{"via":"undici"}'],
    ])
  })

  it('makes exactly 2 attempts against an endpoint that always answers 401', async () => {
    const response = await zoomFetch()(`${local.zoom.url}/v2/unauthorized`)
    expect(response.status).toBe(401)
    expect(local.zoom.stats.requests).toHaveLength(2)
  })
})
