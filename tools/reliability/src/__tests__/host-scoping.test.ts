import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAuthorizer } from '@zoom-auth/core/adapter'
import {
  createTokenProvider,
  isZoomAuthError,
  zoomTokenProvider,
  type TokenProvider,
} from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { drivers } from '../drivers.js'
import { scriptedEndpoint } from '../race-model/scripted-endpoint.js'
import { trackUnhandledRejections } from '../unhandled-rejections.js'

trackUnhandledRejections()

let emulator: ZoomEmulator
/** Another origin: a second emulator, whose stats show whether a token ever reached it. */
let other: ZoomEmulator
let provider: TokenProvider

beforeEach(async () => {
  ;[emulator, other] = await Promise.all([startZoomEmulator(), startZoomEmulator()])
  provider = zoomTokenProvider({ ...emulator.credentials, oauthBaseUrl: emulator.url })
})

afterEach(async () => {
  provider.close()
  await Promise.all([emulator.close(), other.close()])
})

const tokensSeenBy = (server: ZoomEmulator) => server.stats.requests.map((request) => request.token)

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

describe.each(drivers)('host scoping through $name', (driver) => {
  it('sends no token to an absolute URL on a host outside `hosts`', async () => {
    const send = driver.client(provider, { hosts: [emulator.host] })
    const outcome = await send({ url: `${other.url}/v2/echo` })
    expect(outcome).toMatchObject({ ok: true, status: 401 })
    expect(tokensSeenBy(other)).toEqual([undefined])
    // Not even fetched: the host check comes before the token.
    expect(emulator.stats.tokenRequests).toBe(0)
  })

  it('drops the token on a redirect to another origin', async () => {
    const send = driver.client(provider, { hosts: [emulator.host] })
    const to = encodeURIComponent(`${other.url}/v2/echo`)
    const outcome = await send({ url: `${emulator.url}/v2/redirect?to=${to}` })
    // The other origin got no token, so it answers 401 — and that 401 earns no replay.
    expect(outcome).toMatchObject({ ok: true, status: 401 })
    expect(tokensSeenBy(other)).toEqual([undefined])
    expect(tokensSeenBy(emulator)).toHaveLength(1)
    expect(tokensSeenBy(emulator)[0]).toBeDefined()
    expect(emulator.stats.tokenRequests).toBe(1)
  })

  it('refuses plain http to an allowed host that is not loopback (insecure_url)', async () => {
    const send = driver.client(provider, { hosts: ['api.zoom.us', emulator.host] })
    const outcome = await send({ url: 'http://api.zoom.us/v2/users/me' })
    expect(outcome.ok).toBe(false)
    const error = outcome.ok ? undefined : outcome.error
    expect(isZoomAuthError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'insecure_url' })
    // Refused before a token was fetched or anything was sent.
    expect(emulator.stats.tokenRequests).toBe(0)
  })

  it('sends the token to api.zoom.us but not to look-alike hosts (default hosts)', async () => {
    const lookAlikes = [
      'https://api.zoom.us.evil.example',
      'https://evilapi.zoom.us',
      'https://api-zoom.us',
      'https://api.zoom.us:8443',
    ]
    const seen = interceptHosts(['https://api.zoom.us', ...lookAlikes])
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
