import { startZoomEmulator } from '@zoom-auth/testing'
import { fetch as undiciFetch } from 'undici'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'

describe('redirects', () => {
  const zoom = useZoom(startZoomEmulator)

  it.each([
    ['global fetch', undefined],
    ["undici's fetch", undiciFetch as unknown as typeof fetch],
  ])('never carries the token to another origin (%s)', async (_name, transport) => {
    const other = await startZoomEmulator()
    try {
      const zoomFetch = zoomAuth(zoom.provider(), {
        hosts: [zoom.server.host],
        ...(transport ? { fetch: transport } : {}),
      })
      const target = encodeURIComponent(`${other.url}/v2/users/me`)
      const response = await zoomFetch(`${zoom.server.url}/v2/redirect?to=${target}`, {
        redirect: 'follow',
      })
      expect(response.redirected).toBe(true)
      expect(zoom.server.stats.requests.map((r) => [r.status, r.token !== undefined])).toEqual([
        [302, true],
      ])
      expect(other.stats.requests.map((r) => [r.status, r.token])).toEqual([[401, undefined]])
    } finally {
      await other.close()
    }
  })

  it('does not replay a 401 that came from another origin after a redirect', async () => {
    const other = await startZoomEmulator()
    try {
      const zoomFetch = zoomAuth(zoom.provider(), { hosts: [zoom.server.host] })
      const target = encodeURIComponent(`${other.url}/v2/users/me`)
      const response = await zoomFetch(`${zoom.server.url}/v2/redirect?to=${target}`)
      expect(response.status).toBe(401)
      expect(zoom.server.stats.requests).toHaveLength(1)
      expect(other.stats.requests).toHaveLength(1)
      expect(zoom.server.stats.tokenRequests).toBe(1)
    } finally {
      await other.close()
    }
  })

  it('keeps the token on a same-origin redirect', async () => {
    const zoomFetch = zoomAuth(zoom.provider(), { hosts: [zoom.server.host] })
    const response = await zoomFetch(`${zoom.server.url}/v2/redirect?to=/v2/users/me`)
    expect(response.status).toBe(200)
    expect(
      zoom.server.stats.requests.map((r) => [r.path, r.status, r.token !== undefined]),
    ).toEqual([
      ['/v2/redirect?to=/v2/users/me', 302, true],
      ['/v2/users/me', 200, true],
    ])
  })
})
