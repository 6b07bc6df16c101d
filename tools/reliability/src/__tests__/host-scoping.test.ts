import nock from 'nock'
import * as undici from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAuthorizer } from '@zoom-auth/core/adapter'
import { createTokenProvider, zoomTokenProvider, type TokenProvider } from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { undiciDriver, type AdapterDriver } from '@zoom-auth/testing/contracts'
import { zoomAuth as undiciZoomAuth } from '@zoom-auth/undici'
import { drivers } from '../drivers.js'
import { scriptedEndpoint } from '../race-model/scripted-endpoint.js'
import { trackUnhandledRejections } from '../unhandled-rejections.js'

trackUnhandledRejections()

// Another host, a redirect to another origin and plain http to a host that is not loopback are
// specs of the adapter contract (@zoom-auth/testing/contracts), run by each adapter package.
let emulator: ZoomEmulator
let provider: TokenProvider

beforeEach(async () => {
  emulator = await startZoomEmulator()
  provider = zoomTokenProvider({ ...emulator.credentials, oauthBaseUrl: emulator.url })
})

afterEach(async () => {
  provider.close()
  await emulator.close()
})

/** Interceptors for hosts on the public internet; each records the Authorization it received. */
function interceptHosts(origins: string[]): Map<string, Array<string | undefined>> {
  const seen = new Map<string, Array<string | undefined>>()
  for (const origin of origins) {
    seen.set(origin, [])
    nock(origin)
      .get('/v2/users/me')
      .reply(function () {
        const authorization = this.req.headers['authorization']
        seen.get(origin)?.push(Array.isArray(authorization) ? authorization[0] : authorization)
        return [200, { ok: true }]
      })
  }
  return seen
}

/**
 * The same interception for undici's own Agent, which nock doesn't see: an undici `MockAgent` that
 * records the Authorization of each request, and the undici driver composed on it.
 */
function interceptUndiciHosts(origins: string[]) {
  const seen = new Map<string, Array<string | undefined>>()
  const mockAgent = new undici.MockAgent()
  mockAgent.disableNetConnect()
  for (const origin of origins) {
    seen.set(origin, [])
    mockAgent
      .get(origin)
      .intercept({ path: '/v2/users/me' })
      .reply(200, ({ headers }) => {
        const authorization = (headers as Record<string, string | undefined>).authorization
        seen.get(origin)?.push(authorization)
        return { ok: true }
      })
  }
  const driver = undiciDriver({ undici, zoomAuth: undiciZoomAuth, agent: () => mockAgent })
  return { seen, driver }
}

describe.each(drivers)('host scoping through $name', (listed: AdapterDriver) => {
  it('sends the token to api.zoom.us but not to look-alike hosts (default hosts)', async () => {
    const lookAlikes = [
      'https://api.zoom.us.evil.example',
      'https://evilapi.zoom.us',
      'https://api-zoom.us',
      'https://api.zoom.us:8443',
    ]
    const origins = ['https://api.zoom.us', ...lookAlikes]
    // nock intercepts Node's http module and global fetch; undici's Agent goes to its MockAgent.
    const { seen, driver } = listed.name.startsWith('undici')
      ? interceptUndiciHosts(origins)
      : { seen: interceptHosts(origins), driver: listed }
    const send = driver.client(provider)

    for (const origin of lookAlikes) {
      expect(await send({ url: `${origin}/v2/users/me` }), origin).toMatchObject({ status: 200 })
    }
    expect(await send({ url: 'https://api.zoom.us/v2/users/me' })).toMatchObject({ status: 200 })

    for (const origin of lookAlikes) expect(seen.get(origin), origin).toEqual([undefined])
    // The positive control: the same capture does see a token where one belongs.
    const [sent] = seen.get('https://api.zoom.us') ?? []
    expect(sent).toMatch(/^Bearer \S+$/)
    expect(provider.peek()?.accessToken).toBe(sent?.slice('Bearer '.length))
  })
})

describe('host decisions without DNS (authorizer)', () => {
  const endpoint = scriptedEndpoint({ lifetimeSeconds: 3600 })
  const scripted = createTokenProvider(endpoint.strategy, { now: () => endpoint.now })
  afterEach(() => void endpoint.answerAll())

  it.each([
    ['a look-alike suffix', 'https://api.zoom.us.evil.example/v2/users/me'],
    ['a look-alike prefix', 'https://evilapi.zoom.us/v2/users/me'],
    ['a hyphenated look-alike', 'https://api-zoom.us/v2/users/me'],
    ['user info naming the real host', 'https://api.zoom.us@evil.example/v2/users/me'],
    ['the real host in the path', 'https://evil.example/api.zoom.us/v2/users/me'],
    ['the real host in the query', 'https://evil.example/?host=api.zoom.us'],
    ['another port', 'https://api.zoom.us:8443/v2/users/me'],
    ['a trailing dot', 'https://api.zoom.us./v2/users/me'],
    ['a homograph (Cyrillic а)', 'https://\u0430pi.zoom.us/v2/users/me'],
    ['a websocket URL', 'wss://api.zoom.us/v2/users/me'],
  ])('gives no token to %s', async (_name, url) => {
    const authorizer = createAuthorizer(scripted, { hosts: ['api.zoom.us'] })
    expect(await authorizer.authorize(url)).toBeUndefined()
  })

  it('gives a token to the listed host, whatever the case of its name', async () => {
    const authorizer = createAuthorizer(scripted, { hosts: ['api.zoom.us'] })
    const call = authorizer.authorize('https://API.Zoom.US/v2/users/me')
    await endpoint.answerAll()
    expect((await call)?.authorization).toMatch(/^Bearer token-/)
  })
})
