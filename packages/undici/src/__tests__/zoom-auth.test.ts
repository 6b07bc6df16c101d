import { Agent, Client, Pool, request } from 'undici'
import * as undici6 from 'undici6'
import { describe, expect, it } from 'vitest'
import { isZoomAuthError, zoomAuth } from '../index.js'
import { tokensSeen, useZoom } from './support/harness.js'

describe('zoomAuth', () => {
  const zoom = useZoom()

  it('returns an interceptor whose dispatch function takes exactly two parameters', () => {
    const dispatch = zoomAuth(zoom.provider())(() => true)
    expect(dispatch).toBeTypeOf('function')
    expect(dispatch.length).toBe(2)
  })

  it("passes undici 6's compose(), which refuses a dispatch function of any other length", () => {
    const agent = zoom.dispatcher(new undici6.Agent())
    // The check this guards against: a rest parameter has length 0.
    const restParameters =
      (dispatch: (...args: unknown[]) => boolean) =>
      (...args: unknown[]) =>
        dispatch(...args)
    expect(() => agent.compose(restParameters as never)).toThrow('invalid interceptor')
    expect(() => agent.compose(zoomAuth(zoom.provider()))).not.toThrow()
  })

  it('throws TypeError for bad options, missing credentials and a dispatch that is not a function', () => {
    expect(() => zoomAuth(zoom.provider(), 'hosts' as never)).toThrow(TypeError)
    expect(() => zoomAuth({} as never)).toThrow(TypeError)
    expect(() => zoomAuth(zoom.provider(), { hosts: ['https://api.zoom.us/'] })).toThrow(TypeError)
    expect(() => zoomAuth(zoom.provider())('dispatch' as never)).toThrow(TypeError)
  })

  it.each([
    ['undici 7', () => new Agent()],
    ['undici 6', () => new undici6.Agent() as unknown as Agent],
  ])('adds the token to requests for a listed host (%s)', async (_name, agent) => {
    const dispatcher = zoom.dispatcher(agent().compose(zoomAuth(zoom.provider(), zoom.hosts)))
    const response = await request(`${zoom.emulator.url}/v2/users/me`, { dispatcher } as never)
    expect(response.statusCode).toBe(200)
    await response.body.dump()
    const [token] = tokensSeen(zoom.emulator)
    expect(token).toBeDefined()
    expect(zoom.emulator.stats.tokenRequests).toBe(1)
  })

  it('sends requests to other hosts untouched', async () => {
    const dispatcher = zoom.dispatcher(
      new Agent().compose(zoomAuth(zoom.provider(), { hosts: ['api.zoom.us'] })),
    )
    const response = await request(`${zoom.emulator.url}/v2/users/me`, { dispatcher })
    expect(response.statusCode).toBe(401)
    await response.body.dump()
    expect(tokensSeen(zoom.emulator)).toEqual([undefined])
    expect(zoom.emulator.stats.tokenRequests).toBe(0)
  })

  it("sends the provider's own OAuth requests untouched (on the global dispatcher they carry its token requests)", async () => {
    const provider = zoom.provider()
    const dispatcher = zoom.dispatcher(new Agent().compose(zoomAuth(provider, zoom.hosts)))
    const response = await request(`${zoom.emulator.url}/oauth/token`, {
      dispatcher,
      method: 'POST',
      body: 'grant_type=account_credentials',
    })
    await response.body.dump()
    // No Basic credentials of ours either: the endpoint refuses it, and no token was fetched for it.
    expect(response.statusCode).toBe(400)
    expect(zoom.emulator.stats.tokenRequests).toBe(1)
    expect(provider.peek()).toBeUndefined()
  })

  it('fails with insecure_url for plain http to a listed host that is not loopback, sending nothing', async () => {
    const provider = zoom.provider()
    const dispatcher = zoom.dispatcher(
      new Agent().compose(zoomAuth(provider, { hosts: ['zoom-proxy.internal'] })),
    )
    const failure = await request('http://zoom-proxy.internal/v2/users/me', { dispatcher }).catch(
      (error: unknown) => error,
    )
    expect(isZoomAuthError(failure) && failure.code).toBe('insecure_url')
  })

  it('fails the request with the ZoomAuthError of a token failure', async () => {
    const dispatcher = zoom.dispatcher(
      new Agent().compose(zoomAuth(zoom.provider({ clientSecret: 'not-the-secret' }), zoom.hosts)),
    )
    const failure = await request(`${zoom.emulator.url}/v2/users/me`, { dispatcher }).catch(
      (error: unknown) => error,
    )
    expect(isZoomAuthError(failure) && failure.code).toBe('invalid_client')
    expect(zoom.emulator.stats.apiRequests).toBe(0)
  })

  it("fails a fetch with fetch's TypeError, the ZoomAuthError as its cause", async () => {
    const { fetch } = await import('undici')
    const dispatcher = zoom.dispatcher(
      new Agent().compose(zoomAuth(zoom.provider({ clientSecret: 'not-the-secret' }), zoom.hosts)),
    )
    const failure = await fetch(`${zoom.emulator.url}/v2/users/me`, { dispatcher }).catch(
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(TypeError)
    const { cause } = failure as TypeError
    expect(isZoomAuthError(cause) && cause.code).toBe('invalid_client')
  })

  it.each([
    ['a record', { Authorization: 'Bearer mine', 'x-trace': 'a' }],
    ['a flat array', ['authorization', 'Bearer mine', 'x-trace', 'a']],
    [
      'a Map',
      new Map([
        ['AUTHORIZATION', 'Bearer mine'],
        ['x-trace', 'a'],
      ]),
    ],
    ['a Headers', new Headers({ authorization: 'Bearer mine', 'x-trace': 'a' })],
  ])('replaces any Authorization in headers given as %s, on a copy', async (_shape, headers) => {
    const entries = () => (headers instanceof Headers ? [...headers] : headers)
    const given = structuredClone(entries())
    const dispatcher = zoom.dispatcher(new Agent().compose(zoomAuth(zoom.provider(), zoom.hosts)))
    const response = await request(`${zoom.emulator.url}/v2/echo`, {
      dispatcher,
      headers: headers as never,
    })
    expect(response.statusCode).toBe(200)
    await response.body.dump()
    const [token] = tokensSeen(zoom.emulator)
    expect(token).not.toBe('mine')
    expect(token).toBeDefined()
    expect(entries()).toEqual(given)
  })

  it('on a Pool of undici 7, gives the token to a request that names its origin, and none to one that does not', async () => {
    // undici 6 and 7 hand an interceptor composed on a Pool or Client no origin of its own (undici 8
    // does): where such a request goes is unknown to the interceptor, so it passes untouched.
    const { url } = zoom.emulator
    const pool = zoom.dispatcher(new Pool(url).compose(zoomAuth(zoom.provider(), zoom.hosts)))
    const named = await pool.request({ origin: url, path: '/v2/users/me', method: 'GET' })
    const unnamed = await pool.request({ path: '/v2/users/me', method: 'GET' })
    await Promise.all([named.body.dump(), unnamed.body.dump()])
    expect([named.statusCode, unnamed.statusCode]).toEqual([200, 401])
    expect(tokensSeen(zoom.emulator).map((token) => token !== undefined)).toEqual([true, false])
  })

  it('works on a Client, and through undici.fetch with a composed dispatcher', async () => {
    const { url } = zoom.emulator
    const interceptor = zoomAuth(zoom.provider(), zoom.hosts)
    const client = zoom.dispatcher(new Client(url).compose(interceptor))
    const viaClient = await client.request({ origin: url, path: '/v2/users/me', method: 'GET' })
    await viaClient.body.dump()
    const dispatcher = zoom.dispatcher(new Agent().compose(interceptor))
    const { fetch } = await import('undici')
    const viaFetch = await fetch(`${url}/v2/users/me`, { dispatcher })
    await viaFetch.arrayBuffer()
    expect([viaClient.statusCode, viaFetch.status]).toEqual([200, 200])
    expect(zoom.emulator.stats.tokenRequests).toBe(1)
  })
})
