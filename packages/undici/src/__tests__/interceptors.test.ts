import { inspect } from 'node:util'
import * as undici from 'undici'
import * as undici6 from 'undici6'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { tokensSeen, useZoom } from './support/harness.js'

type Interceptor = (dispatch: never) => unknown

/** undici 7 and 6 side by side: the interceptors this package composes with exist in both. */
const UNDICI = [
  ['undici 7', undici],
  ['undici 6', undici6],
] as unknown as ReadonlyArray<[string, typeof undici]>

/** Undici's retry, quick: every status it would retry is retried at once, twice at most. */
const quickRetry = (module: typeof undici, statusCodes?: number[]) =>
  module.interceptors.retry({
    maxRetries: 2,
    minTimeout: 1,
    maxTimeout: 1,
    ...(statusCodes && { statusCodes }),
  })

describe.each(UNDICI)('composing with undici interceptors (%s)', (_name, module) => {
  const zoom = useZoom()

  /** `new Agent().compose(...interceptors)`, closed after the test. */
  const agent = (...interceptors: unknown[]) =>
    zoom.dispatcher(new module.Agent().compose(...(interceptors as Interceptor[] as never[])))
  const statusOf = async (dispatcher: unknown, path: string) => {
    const response = await module.request(`${zoom.emulator.url}${path}`, { dispatcher } as never)
    await response.body.dump()
    return response.statusCode
  }

  it('runs the interceptor given last first: compose(a, b) hands the request to b, b to a', async () => {
    const seen: string[] = []
    const recording =
      (name: string) =>
      (dispatch: (opts: object, handler: object) => boolean) =>
      (opts: object, handler: object) => {
        seen.push(name)
        return dispatch(opts, handler)
      }
    await statusOf(agent(recording('a'), recording('b')), '/v2/echo')
    expect(seen).toEqual(['b', 'a'])
  })

  describe('retry', () => {
    it.each([
      ['inside zoomAuth: compose(retry, zoomAuth)', 'inside'],
      ['outside zoomAuth: compose(zoomAuth, retry)', 'outside'],
    ])('%s retries a 503 with the same token', async (_order, side) => {
      const auth = zoomAuth(zoom.provider(), zoom.hosts)
      const retry = quickRetry(module)
      const dispatcher = side === 'inside' ? agent(retry, auth) : agent(auth, retry)
      zoom.emulator.failNextApiRequests({ status: 503 })
      expect(await statusOf(dispatcher, '/v2/users/me')).toBe(200)
      const [failed, retried] = tokensSeen(zoom.emulator)
      expect(failed).toBeDefined()
      expect(retried).toBe(failed)
      expect(zoom.emulator.stats.tokenRequests).toBe(1)
    })

    it.each([
      ['inside zoomAuth', 'inside', 2],
      ['outside zoomAuth', 'outside', 2],
    ])(
      '%s leaves a 401 to zoomAuth alone (not a status it retries): 2 attempts, 2 tokens',
      async (_order, side, attempts) => {
        const auth = zoomAuth(zoom.provider(), zoom.hosts)
        const retry = quickRetry(module)
        const dispatcher = side === 'inside' ? agent(retry, auth) : agent(auth, retry)
        expect(await statusOf(dispatcher, '/v2/unauthorized')).toBe(401)
        expect(zoom.emulator.stats.apiRequests).toBe(attempts)
        expect(zoom.emulator.stats.tokenRequests).toBe(2)
      },
    )

    // Told to retry 401s, undici's retry counts its attempts and zoomAuth its one replay: each bounded.
    it.each([
      // retry's 3 attempts, and its RequestRetryError: zoomAuth sees an error, not a 401, so it
      // neither replays nor retires the token (keep 401 out of retry's statuses).
      ['inside zoomAuth', 'inside', { attempts: 3, tokens: 1 }],
      // zoomAuth's first send and replay, then retry's 2 retries of the call (no further replay).
      ['outside zoomAuth', 'outside', { attempts: 4, tokens: 2 }],
    ])(
      '%s, with 401 among its statuses, stops at a fixed count of attempts (%s)',
      async (_order, side, { attempts, tokens }) => {
        const auth = zoomAuth(zoom.provider(), zoom.hosts)
        const retry = quickRetry(module, [401])
        const dispatcher = side === 'inside' ? agent(retry, auth) : agent(auth, retry)
        // Out of retries, undici's retry fails the call with its RequestRetryError (no token in it).
        const failure = await statusOf(dispatcher, '/v2/unauthorized').catch((error) => error)
        expect(failure).toMatchObject({ name: 'RequestRetryError', statusCode: 401 })
        expect(inspect(failure)).not.toMatch(/bearer/i)
        expect(zoom.emulator.stats.apiRequests).toBe(attempts)
        expect(zoom.emulator.stats.tokenRequests).toBe(tokens)
      },
    )
  })

  describe('dns', () => {
    const localhost = () => zoom.emulator.url.replace('127.0.0.1', 'localhost')
    const hosts = () => ({ hosts: [zoom.emulator.host.replace('127.0.0.1', 'localhost')] })
    const dns = () => module.interceptors.dns({ affinity: 4 })
    const statusAt = async (dispatcher: unknown) => {
      const response = await module.request(`${localhost()}/v2/users/me`, { dispatcher } as never)
      await response.body.dump()
      return response.statusCode
    }

    it('inside zoomAuth (compose(dns, zoomAuth)): the token goes to the host name listed', async () => {
      expect(await statusAt(agent(dns(), zoomAuth(zoom.provider(), hosts())))).toBe(200)
      expect(tokensSeen(zoom.emulator).map((token) => token !== undefined)).toEqual([true])
    })

    it('outside zoomAuth (compose(zoomAuth, dns)): zoomAuth sees the address dns resolved, not the listed name, and sends no token', async () => {
      expect(await statusAt(agent(zoomAuth(zoom.provider(), hosts()), dns()))).toBe(401)
      expect(tokensSeen(zoom.emulator)).toEqual([undefined])
      expect(zoom.emulator.stats.tokenRequests).toBe(0)
    })
  })
})

describe('composing with undici 7 interceptors: cache', () => {
  const zoom = useZoom()
  const cacheable = { 'cache-control': 'public, max-age=60' }

  it.each([
    ['inside zoomAuth: compose(cache, zoomAuth)', 'inside'],
    ['outside zoomAuth: compose(zoomAuth, cache)', 'outside'],
  ])('%s serves a public response again from the cache', async (_order, side) => {
    const auth = zoomAuth(zoom.provider(), zoom.hosts)
    const cache = undici.interceptors.cache()
    const dispatcher = zoom.dispatcher(
      side === 'inside'
        ? new undici.Agent().compose(cache, auth)
        : new undici.Agent().compose(auth, cache),
    )
    zoom.emulator.failNextApiRequests({ status: 200, body: { id: 'me' }, headers: cacheable })
    const bodies: unknown[] = []
    for (let index = 0; index < 2; index++) {
      const response = await undici.request(`${zoom.emulator.url}/v2/users/me`, { dispatcher })
      bodies.push([response.statusCode, await response.body.json()])
    }
    expect(bodies).toEqual([
      [200, { id: 'me' }],
      [200, { id: 'me' }],
    ])
    expect(zoom.emulator.stats.apiRequests).toBe(1)
    expect(tokensSeen(zoom.emulator).map((token) => token !== undefined)).toEqual([true])
  })

  it.each([
    // RFC 9111 §3.5: a response to a request with Authorization is stored only when it says so.
    ['inside zoomAuth: the cache sees the token and keeps no plain max-age response', 'inside', 2],
    ['outside zoomAuth: the cache never sees the token and keeps it', 'outside', 1],
  ])('%s', async (_order, side, apiRequests) => {
    const auth = zoomAuth(zoom.provider(), zoom.hosts)
    const cache = undici.interceptors.cache()
    const dispatcher = zoom.dispatcher(
      side === 'inside'
        ? new undici.Agent().compose(cache, auth)
        : new undici.Agent().compose(auth, cache),
    )
    const plain = { status: 200, body: { id: 'me' }, headers: { 'cache-control': 'max-age=60' } }
    zoom.emulator.failNextApiRequests(plain, 2)
    for (let index = 0; index < 2; index++) {
      const response = await undici.request(`${zoom.emulator.url}/v2/users/me`, { dispatcher })
      await response.body.dump()
      expect(response.statusCode).toBe(200)
    }
    expect(zoom.emulator.stats.apiRequests).toBe(apiRequests)
  })

  it.each([
    ['inside zoomAuth', 'inside'],
    ['outside zoomAuth', 'outside'],
  ])(
    '%s never keeps a 401: the replay answers, and the next request goes out',
    async (_order, side) => {
      const provider = zoom.provider()
      const auth = zoomAuth(provider, zoom.hosts)
      const cache = undici.interceptors.cache()
      const dispatcher = zoom.dispatcher(
        side === 'inside'
          ? new undici.Agent().compose(cache, auth)
          : new undici.Agent().compose(auth, cache),
      )
      await provider.getToken()
      zoom.emulator.revokeTokens()
      for (let index = 0; index < 2; index++) {
        const response = await undici.request(`${zoom.emulator.url}/v2/users/me`, { dispatcher })
        await response.body.dump()
        expect(response.statusCode).toBe(200)
      }
      expect(zoom.emulator.stats.requests.map((sent) => sent.status)).toEqual([401, 200, 200])
    },
  )
})
