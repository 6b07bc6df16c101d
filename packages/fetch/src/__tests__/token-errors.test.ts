import { describe, expect, it, vi } from 'vitest'
import { ZoomAuthError, isZoomAuthError, zoomAuth } from '../index.js'
import { useLocalZoom } from './harness.js'

const INVALID_CLIENT = { error: 'invalid_client', reason: 'Invalid client_id or client_secret' }

describe('token failures', () => {
  const local = useLocalZoom()

  it('rejects with the ZoomAuthError itself and sends no API request', async () => {
    local.zoom.failNextTokenRequests(400, INVALID_CLIENT)
    const provider = local.provider()
    const zoomFetch = zoomAuth(provider, { hosts: [local.zoom.host] })
    const error: unknown = await zoomFetch(`${local.zoom.url}/v2/users/me`).catch((e) => e)
    expect(error).toBeInstanceOf(ZoomAuthError)
    expect(isZoomAuthError(error) && error.code).toBe('invalid_client')
    expect(error).toMatchObject({ status: 400, error: 'invalid_client' })
    expect(JSON.stringify(error)).not.toContain(local.zoom.credentials.clientSecret)
    expect(local.zoom.stats.apiRequests).toBe(0)
  })

  it('rejects with the error the provider gives, not a copy', async () => {
    const failure = new ZoomAuthError('server_error', 'token endpoint down', { status: 503 })
    const provider = local.provider()
    vi.spyOn(provider, 'getToken').mockRejectedValue(failure)
    const zoomFetch = zoomAuth(provider, { hosts: [local.zoom.host] })
    await expect(zoomFetch(`${local.zoom.url}/v2/users/me`)).rejects.toBe(failure)
  })

  it('rejects with the ZoomAuthError when the token for the replay cannot be had', async () => {
    const zoomFetch = zoomAuth(local.provider(), { hosts: [local.zoom.host] })
    await (await zoomFetch(`${local.zoom.url}/v2/users/me`)).arrayBuffer()
    local.zoom.revokeTokens()
    local.zoom.failNextTokenRequests(400, INVALID_CLIENT)
    await expect(zoomFetch(`${local.zoom.url}/v2/users/me`)).rejects.toMatchObject({
      name: 'ZoomAuthError',
      code: 'invalid_client',
    })
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([200, 401])
  })
})
