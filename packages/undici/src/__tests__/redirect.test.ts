import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as undici from 'undici'
import * as undici6 from 'undici6'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { zoomAuth } from '../index.js'
import { tokensSeen, useZoom } from './support/harness.js'

// The adapter contract holds the redirect specs of undici.request with undici's redirect interceptor
// on either side of zoomAuth. Here: a round trip back to the first origin, and fetch, which follows
// redirects itself and dispatches every hop as a request of its own.
describe('redirects', () => {
  const zoom = useZoom()
  let other: ZoomEmulator
  // Another origin that redirects anyone (the emulator's redirect route wants a token of its own).
  let bouncer: Server
  let bouncerUrl: string
  let bounced: Array<string | undefined>

  beforeEach(async () => {
    other = await startZoomEmulator()
    bounced = []
    bouncer = createServer((req, res) => {
      bounced.push(req.headers.authorization)
      const to = new URL(req.url ?? '/', 'http://bouncer').searchParams.get('to') ?? '/'
      res.writeHead(302, { location: to }).end()
    })
    await new Promise<void>((resolve) => bouncer.listen(0, '127.0.0.1', resolve))
    bouncerUrl = `http://127.0.0.1:${(bouncer.address() as AddressInfo).port}`
  })
  afterEach(async () => {
    bouncer.closeAllConnections()
    await Promise.all([other.close(), new Promise((resolve) => bouncer.close(resolve))])
  })

  const via = (url: string, to: string) => `${url}/v2/redirect?to=${encodeURIComponent(to)}`

  describe.each([
    ['undici 7', undici],
    ['undici 6', undici6],
  ] as unknown as ReadonlyArray<[string, typeof undici]>)('%s', (_name, module) => {
    it.each([
      ['inside', 'compose(redirect, zoomAuth)'],
      ['outside', 'compose(zoomAuth, redirect)'],
    ])(
      'a 401 back at the first origin after a hop elsewhere earns no replay (redirect %s: %s)',
      async (side) => {
        const auth = zoomAuth(zoom.provider(), zoom.hosts)
        const redirect = module.interceptors.redirect({ maxRedirections: 3 })
        const agent = new module.Agent()
        const dispatcher = zoom.dispatcher(
          side === 'inside' ? agent.compose(redirect, auth) : agent.compose(auth, redirect),
        )
        const back = `${zoom.emulator.url}/v2/unauthorized`
        const response = await module.request(via(zoom.emulator.url, via(bouncerUrl, back)), {
          dispatcher,
        })
        await response.body.dump()
        expect(response.statusCode).toBe(401)
        expect(bounced).toEqual([undefined])
        expect(zoom.emulator.stats.apiRequestsByRoute['GET /v2/unauthorized']).toBe(1)
        expect(zoom.emulator.stats.tokenRequests).toBe(1)
      },
    )
  })

  describe('fetch (each hop is its own dispatch)', () => {
    const fetchVia = async (hosts: string[], url: string) => {
      const dispatcher = zoom.dispatcher(
        new undici.Agent().compose(zoomAuth(zoom.provider(), { hosts })),
      )
      const response = await undici.fetch(url, { dispatcher })
      await response.arrayBuffer()
      return response.status
    }

    it('gives the token to a hop within the origin', async () => {
      const { emulator } = zoom
      expect(
        await fetchVia([emulator.host], via(emulator.url, `${emulator.url}/v2/users/me`)),
      ).toBe(200)
      const [first, second] = tokensSeen(emulator)
      expect(first).toBeDefined()
      expect(second).toBe(first)
      expect(emulator.stats.tokenRequests).toBe(1)
    })

    it('gives none to a hop to a host not listed', async () => {
      const { emulator } = zoom
      expect(await fetchVia([emulator.host], via(emulator.url, `${other.url}/v2/users/me`))).toBe(
        401,
      )
      expect(tokensSeen(other)).toEqual([undefined])
    })

    it('gives the token to a hop to another listed host, as to any request for it', async () => {
      const { emulator } = zoom
      const status = await fetchVia(
        [emulator.host, other.host],
        via(emulator.url, `${other.url}/v2/echo`),
      )
      // The other emulator doesn't know the first one's tokens: it answers 401, that hop is
      // replayed with a new token from the same provider, and answers 401 again.
      expect(status).toBe(401)
      expect(tokensSeen(other).map((token) => token !== undefined)).toEqual([true, true])
    })
  })
})
