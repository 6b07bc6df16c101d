import { fetch as undiciFetch } from 'undici'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { startLocalZoom } from './local-zoom.js'
import { useLocalZoom } from './harness.js'

describe('redirects', () => {
  const local = useLocalZoom()

  it.each([
    ['global fetch', undefined],
    ["undici's fetch", undiciFetch as unknown as typeof fetch],
  ])('never carries the token to another origin (%s)', async (_name, transport) => {
    const other = await startLocalZoom()
    try {
      const zoomFetch = zoomAuth(local.provider(), {
        hosts: [local.zoom.host],
        ...(transport ? { fetch: transport } : {}),
      })
      const target = encodeURIComponent(`${other.url}/v2/public`)
      const response = await zoomFetch(`${local.zoom.url}/v2/redirect?to=${target}`, {
        redirect: 'follow',
      })
      expect(response.status).toBe(200)
      expect(response.redirected).toBe(true)
      expect(local.zoom.stats.requests.map((r) => r.validToken)).toEqual([true])
      expect(other.stats.requests.map((r) => r.hadAuthorization)).toEqual([false])
    } finally {
      await other.close()
    }
  })

  it('does not replay a 401 that came from another origin after a redirect', async () => {
    const other = await startLocalZoom()
    try {
      const zoomFetch = zoomAuth(local.provider(), { hosts: [local.zoom.host] })
      const target = encodeURIComponent(`${other.url}/v2/users/me`)
      const response = await zoomFetch(`${local.zoom.url}/v2/redirect?to=${target}`)
      expect(response.status).toBe(401)
      expect(local.zoom.stats.requests).toHaveLength(1)
      expect(other.stats.requests).toHaveLength(1)
      expect(local.zoom.stats.tokenRequests).toBe(1)
    } finally {
      await other.close()
    }
  })

  it('keeps the token on a same-origin redirect', async () => {
    const zoomFetch = zoomAuth(local.provider(), { hosts: [local.zoom.host] })
    const response = await zoomFetch(`${local.zoom.url}/v2/redirect?to=/v2/users/me`)
    expect(response.status).toBe(200)
    expect(local.zoom.stats.requests.map((r) => [r.path, r.validToken])).toEqual([
      ['/v2/redirect?to=/v2/users/me', true],
      ['/v2/users/me', true],
    ])
  })
})
