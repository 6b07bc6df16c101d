import ky from 'ky'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'
import { startStandInZoom } from './support/stand-in-zoom.js'

describe('zoomAuth (ky) — where the token goes', () => {
  const local = useZoom()

  it('adds the token through ky.create()', async () => {
    const api = ky.create(zoomAuth(local.provider()))
    expect(await api.get(`${local.zoom.url}/v2/users/me`).json()).toEqual({ id: 'me' })
    expect(local.zoom.stats.requests.map((r) => r.validToken)).toEqual([true])
  })

  it('adds the token through extend(), with credentials instead of a provider', async () => {
    const api = ky
      .create({ prefixUrl: `${local.zoom.url}/v2` })
      .extend(zoomAuth(local.credentials()))
    expect(await api.get('users/me').json()).toEqual({ id: 'me' })
    expect(local.zoom.stats.requests.map((r) => r.validToken)).toEqual([true])
  })

  it('keeps running the hooks the client already had, and those added later', async () => {
    const seen: string[] = []
    const api = ky
      .create({
        hooks: {
          beforeRequest: [
            (request) => void seen.push(`mine before: ${request.headers.has('authorization')}`),
          ],
        },
      })
      .extend(zoomAuth(local.provider()))
      .extend({
        hooks: {
          beforeRequest: [
            (request) => void seen.push(`mine after: ${request.headers.has('authorization')}`),
          ],
          afterResponse: [
            (_request, _options, response) => void seen.push(`response ${response.status}`),
          ],
        },
      })
    await api.get(`${local.zoom.url}/v2/users/me`)
    expect(seen).toEqual(['mine before: false', 'mine after: true', 'response 200'])
  })

  it('sends no token to a host outside `hosts`', async () => {
    const other = await startStandInZoom()
    try {
      const api = ky.create(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
      const response = await api.get(`${other.url}/v2/public`, { throwHttpErrors: false })
      expect(response.status).toBe(200)
      expect(other.stats.requests.map((r) => r.hadAuthorization)).toEqual([false])
      // Not even a token request was made on its behalf.
      expect(local.zoom.stats.tokenRequests).toBe(0)
    } finally {
      await other.close()
    }
  })

  it('leaves a 401 from a host outside `hosts` alone', async () => {
    const other = await startStandInZoom()
    try {
      const api = ky.create(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
      const response = await api.get(`${other.url}/v2/unauthorized`, {
        throwHttpErrors: false,
        headers: { authorization: 'Bearer theirs' },
      })
      expect(response.status).toBe(401)
      expect(other.stats.requests).toHaveLength(1)
      expect(local.zoom.stats.tokenRequests).toBe(0)
    } finally {
      await other.close()
    }
  })

  it('treats 127.0.0.1 and localhost as different hosts', async () => {
    const api = ky.create(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const viaLocalhost = local.zoom.url.replace('127.0.0.1', 'localhost')
    await api.get(`${viaLocalhost}/v2/public`)
    expect(local.zoom.stats.requests.map((r) => r.hadAuthorization)).toEqual([false])
  })

  it('does not carry the token across a cross-origin redirect', async () => {
    const other = await startStandInZoom('localhost')
    try {
      const api = ky.create(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
      const target = encodeURIComponent(`${other.url}/v2/public`)
      const response = await api.get(`${local.zoom.url}/v2/redirect?to=${target}`)
      expect(await response.json()).toMatchObject({ public: true })
      expect(local.zoom.stats.requests.map((r) => r.validToken)).toEqual([true])
      expect(other.stats.requests.map((r) => r.hadAuthorization)).toEqual([false])
    } finally {
      await other.close()
    }
  })

  it('does not replay or refresh when a cross-origin redirect ends in a 401', async () => {
    const other = await startStandInZoom('localhost')
    try {
      const api = ky.create(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
      const target = encodeURIComponent(`${other.url}/v2/unauthorized`)
      const response = await api.get(`${local.zoom.url}/v2/redirect?to=${target}`, {
        throwHttpErrors: false,
      })
      expect(response.status).toBe(401)
      expect(local.zoom.stats.requests).toHaveLength(1)
      expect(other.stats.requests.map((r) => r.hadAuthorization)).toEqual([false])
      expect(local.zoom.stats.tokenRequests).toBe(1)
    } finally {
      await other.close()
    }
  })

  it('takes the token off a retry that a beforeRetry hook sends to another host', async () => {
    const other = await startStandInZoom()
    try {
      const api = ky.create(zoomAuth(local.provider(), { hosts: [local.zoom.host] })).extend({
        hooks: {
          beforeRetry: [({ request }) => new Request(`${other.url}/v2/public`, request)],
        },
      })
      local.zoom.failNextApiRequests({ status: 503 })
      const response = await api.get(`${local.zoom.url}/v2/users/me`, {
        retry: { limit: 1, delay: () => 0 },
      })
      expect(response.status).toBe(200)
      expect(local.zoom.stats.requests.map((r) => [r.status, r.validToken])).toEqual([[503, true]])
      expect(other.stats.requests.map((r) => r.hadAuthorization)).toEqual([false])
    } finally {
      await other.close()
    }
  })

  it('replaces an Authorization header the caller set for an allowed host', async () => {
    const api = ky.create(zoomAuth(local.provider()))
    await api.get(`${local.zoom.url}/v2/users/me`, { headers: { authorization: 'Bearer stale' } })
    expect(local.zoom.stats.requests.map((r) => r.validToken)).toEqual([true])
  })

  it("rejects plain http to an allowed host that isn't loopback with insecure_url", async () => {
    const api = ky.create(zoomAuth(local.provider(), { hosts: ['api.example.test'] }))
    await expect(
      api.get('http://api.example.test/v2/users/me', { retry: 0 }),
    ).rejects.toMatchObject({
      name: 'ZoomAuthError',
      code: 'insecure_url',
    })
  })

  it('lets the user abort a request that waits for a token, with the abort reason', async () => {
    const controller = new AbortController()
    const api = ky.create(zoomAuth(local.provider()))
    const pending = api.get(`${local.zoom.url}/v2/users/me`, {
      signal: controller.signal,
      retry: 0,
    })
    controller.abort(new Error('user gave up'))
    await expect(pending).rejects.toThrow('user gave up')
  })
})
