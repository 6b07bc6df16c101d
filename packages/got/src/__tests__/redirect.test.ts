import { request as httpRequest, type RequestOptions } from 'node:http'
import type { HTTPError } from 'got'
import got from 'got'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { rejectionOf, useZoom } from './support/harness.js'

describe('redirects and other hosts', () => {
  const local = useZoom()
  /** The same stand-in under another name: `localhost:PORT` is another origin than `127.0.0.1:PORT`. */
  const otherOrigin = () => local.zoom.url.replace('127.0.0.1', 'localhost')

  it('keeps the token across a same-origin redirect', async () => {
    const { api } = local.client()
    const response = await api('v2/redirect', { searchParams: { to: '/v2/users/me' } })
    expect(response.statusCode).toBe(200)
    expect(local.sent().map((r) => [r.status, r.withToken])).toEqual([
      [302, true],
      [200, true],
    ])
  })

  it('never sends the token across a cross-origin redirect, and does not refresh on its 401', async () => {
    const { api } = local.client()
    const to = `${otherOrigin()}/v2/users/me`
    const error = await rejectionOf(() => api('v2/redirect', { searchParams: { to } }))
    expect((error as HTTPError).response.statusCode).toBe(401)
    expect(local.sent().map((r) => [r.status, r.withToken])).toEqual([
      [302, true],
      [401, false],
    ])
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })

  it('never sends the token over plain http after an https redirect to http on the same host', async () => {
    // got keeps the header when only the scheme changes (it compares host and port), so the
    // stand-in plays both https://api.zoom.us and http://api.zoom.us through got's `request` option.
    const schemes: string[] = []
    const request = (url: URL, options: RequestOptions) => {
      schemes.push(url.protocol)
      return httpRequest(`${local.zoom.url}${url.pathname}${url.search}`, {
        method: options.method,
        headers: options.headers,
      })
    }
    const api = got.extend({ request: request as never }, zoomAuth(local.provider()))
    const to = 'http://api.zoom.us/v2/users/me'
    const error = await rejectionOf(() =>
      api('https://api.zoom.us/v2/redirect', { searchParams: { to } }),
    )
    expect((error as HTTPError).response.statusCode).toBe(401)
    expect(schemes).toEqual(['https:', 'http:'])
    expect(local.sent().map((r) => [r.status, r.withToken])).toEqual([
      [302, true],
      [401, false],
    ])
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })

  it('does not give the token to a cross-origin redirect target even when that host is allowed too', async () => {
    const other = new URL(otherOrigin()).host
    const api = got.extend(zoomAuth(local.provider(), { hosts: [local.zoom.host, other] }))
    const to = `${otherOrigin()}/v2/users/me`
    const error = await rejectionOf(() =>
      api(`${local.zoom.url}/v2/redirect`, { searchParams: { to } }),
    )
    expect((error as HTTPError).response.statusCode).toBe(401)
    expect(local.sent().map((r) => r.withToken)).toEqual([true, false])
  })

  it('never sends the token to an absolute URL on another host', async () => {
    const api = got.extend(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const response = await api(`${otherOrigin()}/v2/users/me`, { throwHttpErrors: false })
    expect(response.statusCode).toBe(401)
    expect(local.sent()).toMatchObject([{ withToken: false }])
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('drops the header of options reused from an earlier page when the next page is elsewhere', async () => {
    const api = got.extend(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const statuses = await api.paginate.all<number>(`${local.zoom.url}/v2/users/me`, {
      throwHttpErrors: false,
      pagination: {
        transform: (response) => [response.statusCode],
        // Handing got the previous response's own options reuses them, header and all.
        paginate: ({ response }) => {
          if (response.url.startsWith(otherOrigin())) return false
          const { options } = response.request
          options.url = new URL(`${otherOrigin()}/v2/users/me`)
          return options
        },
      },
    })
    expect(statuses).toEqual([200, 401])
    expect(local.sent().map((r) => r.withToken)).toEqual([true, false])
  })
})
