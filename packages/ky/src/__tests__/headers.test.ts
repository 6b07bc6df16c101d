import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { seen, useZoom } from './support/harness.js'
import { KY_MAJORS } from './support/ky-majors.js'

/** ky 1 passes hooks the Request first, ky 2 one state object holding it. */
type HookArgument = Request | { request: Request }
const requestOf = (first: HookArgument) => (first instanceof Request ? first : first.request)

describe.each(KY_MAJORS)('zoomAuth (%s) — where the token goes', (_name, major) => {
  const { ky } = major
  const local = useZoom()

  it('adds the token through ky.create()', async () => {
    const api = ky.create(zoomAuth(local.provider()))
    expect(await api.get(`${local.zoom.url}/v2/users/me`).json()).toMatchObject({
      id: expect.any(String),
    })
    expect(seen(local.zoom)).toEqual([[200, true]])
  })

  it('adds the token through extend(), with credentials instead of a provider', async () => {
    const api = ky
      .create({ [major.prefixOption]: `${local.zoom.url}/v2` })
      .extend(zoomAuth(local.credentials()))
    const response = await api.get('users/me')
    expect(response.status).toBe(200)
    expect(seen(local.zoom)).toEqual([[200, true]])
  })

  it("keeps running the client's hooks, before and after it, none of which sees the token", async () => {
    const order: string[] = []
    const api = ky
      .create({
        hooks: {
          beforeRequest: [
            (first: HookArgument) =>
              void order.push(`mine before: ${requestOf(first).headers.has('authorization')}`),
          ],
        },
      })
      .extend(zoomAuth(local.provider()))
      .extend({
        hooks: {
          beforeRequest: [
            (first: HookArgument) =>
              void order.push(`mine after: ${requestOf(first).headers.has('authorization')}`),
          ],
          afterResponse: [
            (first: HookArgument, _options: unknown, response?: Response) =>
              void order.push(
                `response ${(response ?? (first as unknown as { response: Response }).response).status}`,
              ),
          ],
        },
      })
    await api.get(`${local.zoom.url}/v2/users/me`)
    expect(order).toEqual(['mine before: false', 'mine after: false', 'response 200'])
    // The token went out all the same: it is set on the request as it is sent, below ky.
    expect(seen(local.zoom)).toEqual([[200, true]])
  })

  it("refuses a fetch set on ky after zoomAuth() where ky lets it tell (ky 2's init hook)", async () => {
    const api = ky.create(zoomAuth(local.provider()))
    const ownFetch = (input: Request, init?: RequestInit) => fetch(input, init)
    const call = () => api.get(`${local.zoom.url}/v2/users/me`, { fetch: ownFetch as typeof fetch })
    if (major.runsInitHooks) {
      expect(call).toThrow(/pass your fetch to zoomAuth/)
      const extended = api.extend({ fetch: ownFetch as typeof fetch })
      expect(() => extended.get(`${local.zoom.url}/v2/users/me`)).toThrow(/pass your fetch/)
      expect(local.zoom.stats.apiRequests).toBe(0)
    } else {
      // ky 1 shows no hook the call's fetch: the request goes out without a token, as documented.
      const response = await call().catch((error: { response: Response }) => error.response)
      expect(response.status).toBe(401)
      expect(seen(local.zoom)).toEqual([[401, false]])
    }
  })

  it('sends no token to a host outside `hosts`', async () => {
    const other = await local.another()
    const api = ky.create(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const response = await api.get(`${other.url}/v2/users/me`, { throwHttpErrors: false })
    expect(response.status).toBe(401)
    expect(seen(other)).toEqual([[401, false]])
    // Not even a token request was made on its behalf, and its 401 was left alone.
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('leaves a 401 from a host outside `hosts` alone, whatever it carried', async () => {
    const other = await local.another()
    const api = ky.create(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const response = await api.get(`${other.url}/v2/unauthorized`, {
      throwHttpErrors: false,
      headers: { authorization: 'Bearer theirs' },
    })
    expect(response.status).toBe(401)
    expect(other.stats.requests.map((r) => r.token)).toEqual(['theirs'])
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('treats 127.0.0.1 and localhost as different hosts', async () => {
    const api = ky.create(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const viaLocalhost = local.zoom.url.replace('127.0.0.1', 'localhost')
    await api.get(`${viaLocalhost}/v2/users/me`, { throwHttpErrors: false })
    expect(seen(local.zoom)).toEqual([[401, false]])
  })

  it('neither carries the token across a cross-origin redirect nor refreshes on the 401 from there', async () => {
    const other = await local.another()
    const api = ky.create(zoomAuth(local.provider(), { hosts: [local.zoom.host] }))
    const target = encodeURIComponent(`${other.url.replace('127.0.0.1', 'localhost')}/v2/users/me`)
    const response = await api.get(`${local.zoom.url}/v2/redirect?to=${target}`, {
      throwHttpErrors: false,
    })
    expect(response.status).toBe(401)
    expect(seen(local.zoom)).toEqual([[302, true]])
    expect(seen(other)).toEqual([[401, false]])
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })

  it('takes the token off a retry that a beforeRetry hook sends to another host', async () => {
    const other = await local.another()
    const api = ky.create(zoomAuth(local.provider(), { hosts: [local.zoom.host] })).extend({
      hooks: {
        beforeRetry: [({ request }) => new Request(`${other.url}/v2/users/me`, request)],
      },
    })
    local.zoom.failNextApiRequests({ status: 503 })
    const pending = api.get(`${local.zoom.url}/v2/users/me`, {
      retry: { limit: 1, delay: () => 0 },
    })
    await expect(pending).rejects.toMatchObject({ response: { status: 401 } })
    expect(seen(local.zoom)).toEqual([[503, true]])
    expect(seen(other)).toEqual([[401, false]])
  })

  it('replaces an Authorization header the caller set for an allowed host', async () => {
    const api = ky.create(zoomAuth(local.provider()))
    const response = await api.get(`${local.zoom.url}/v2/users/me`, {
      headers: { authorization: 'Bearer stale' },
    })
    expect(response.status).toBe(200)
    expect(local.zoom.stats.requests.map((r) => r.token === 'stale')).toEqual([false])
  })

  it("rejects plain http to an allowed host that isn't loopback with insecure_url", async () => {
    const api = ky.create(zoomAuth(local.provider(), { hosts: ['api.example.test'] }))
    await expect(
      api.get('http://api.example.test/v2/users/me', { retry: 0 }),
    ).rejects.toMatchObject({ name: 'ZoomAuthError', code: 'insecure_url' })
  })

  it('lets the caller abort a request that waits for a token, with the abort reason', async () => {
    const controller = new AbortController()
    const api = ky.create(zoomAuth(local.provider()))
    const pending = api.get(`${local.zoom.url}/v2/users/me`, {
      signal: controller.signal,
      retry: 0,
    })
    controller.abort(new Error('caller gave up'))
    await expect(pending).rejects.toThrow('caller gave up')
    expect(local.zoom.stats.apiRequests).toBe(0)
  })
})
