import { startZoomEmulator } from '@zoom-auth/testing'
import { describe, expect, it, vi } from 'vitest'
import { ZoomAuthError, isZoomAuthError, zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'

const INVALID_CLIENT = {
  status: 400,
  body: { reason: 'Invalid client_id or client_secret', error: 'invalid_client' },
}

describe('token failures', () => {
  const zoom = useZoom(startZoomEmulator)

  it('rejects with the ZoomAuthError itself and sends no API request', async () => {
    zoom.server.failNextTokenRequests(INVALID_CLIENT)
    const provider = zoom.provider()
    const zoomFetch = zoomAuth(provider, { hosts: [zoom.server.host] })
    const error: unknown = await zoomFetch(`${zoom.server.url}/v2/users/me`).catch((e) => e)
    expect(error).toBeInstanceOf(ZoomAuthError)
    expect(isZoomAuthError(error) && error.code).toBe('invalid_client')
    expect(error).toMatchObject({ status: 400, error: 'invalid_client' })
    expect(JSON.stringify(error)).not.toContain(zoom.server.credentials.clientSecret)
    expect(zoom.server.stats.apiRequests).toBe(0)
  })

  it('rejects with the error the provider gives, not a copy', async () => {
    const failure = new ZoomAuthError('server_error', 'token endpoint down', { status: 503 })
    const provider = zoom.provider()
    vi.spyOn(provider, 'getToken').mockRejectedValue(failure)
    const zoomFetch = zoomAuth(provider, { hosts: [zoom.server.host] })
    await expect(zoomFetch(`${zoom.server.url}/v2/users/me`)).rejects.toBe(failure)
  })

  it('rejects with the ZoomAuthError when the token for the replay cannot be had', async () => {
    const zoomFetch = zoomAuth(zoom.provider(), { hosts: [zoom.server.host] })
    await (await zoomFetch(`${zoom.server.url}/v2/users/me`)).arrayBuffer()
    zoom.server.revokeTokens()
    zoom.server.failNextTokenRequests(INVALID_CLIENT)
    await expect(zoomFetch(`${zoom.server.url}/v2/users/me`)).rejects.toMatchObject({
      name: 'ZoomAuthError',
      code: 'invalid_client',
    })
    expect(zoom.server.stats.requests.map((r) => r.status)).toEqual([200, 401])
  })
})
