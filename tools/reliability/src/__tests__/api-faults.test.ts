import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { zoomTokenProvider, type TokenProvider, type ZoomAuthEvent } from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { drivers } from '../drivers.js'
import { issueToken, tokenBody } from '../emulator-helpers.js'
import { trackUnhandledRejections } from '../unhandled-rejections.js'

trackUnhandledRejections()

let emulator: ZoomEmulator
let provider: TokenProvider
let events: ZoomAuthEvent[]

async function start(options: Parameters<typeof startZoomEmulator>[0] = {}) {
  emulator = await startZoomEmulator(options)
  provider = zoomTokenProvider({
    ...emulator.credentials,
    oauthBaseUrl: emulator.url,
    timeoutMs: 2_000,
    retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 50 },
  })
  events = []
  provider.subscribe((event) => events.push(event))
}

beforeEach(() => start())

afterEach(async () => {
  provider.close()
  await emulator.close()
})

const routeCount = (route: string) => emulator.stats.apiRequestsByRoute[route] ?? 0

// An always-401 endpoint (exactly 2 attempts), 403 and 400/4711 (no refresh) are specs of the
// adapter contract (@zoom-auth/testing/contracts), run by each adapter package.
describe.each(drivers)('API faults through $name', (driver) => {
  const client = () => driver.client(provider, { hosts: [emulator.host] })

  it('replays 401s that arrive while a refresh is in flight on the one shared refresh', async () => {
    const send = client()
    expect(await send({ url: `${emulator.url}/v2/users/me` })).toMatchObject({ status: 200 })
    // Every token so far dies; the next token answer is held back for 300 ms.
    emulator.revokeTokens()
    const nextToken = await issueToken(emulator)
    emulator.failNextTokenRequests({ status: 200, delayMs: 300, body: tokenBody(nextToken) })
    emulator.resetStats()

    const refresh = provider.getToken({ forceRefresh: true })
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => send({ url: `${emulator.url}/v2/users/me` })),
    )
    await refresh

    expect(outcomes.map((outcome) => (outcome.ok ? outcome.status : 'error'))).toEqual(
      Array(20).fill(200),
    )
    // One refresh served the forced call and every replay.
    expect(emulator.stats.tokenRequests).toBe(1)
    expect(routeCount('GET /v2/users/me')).toBe(40)
    const replays = emulator.stats.requests.filter((request) => request.token === nextToken)
    expect(replays).toHaveLength(20)
  })

  it('hands a daily-limit 429 to the caller with its headers untouched', async () => {
    const outcome = await client()({ url: `${emulator.url}/v2/daily-limit` })
    expect(outcome).toMatchObject({
      ok: true,
      status: 429,
      headers: {
        'x-ratelimit-category': 'Light',
        'x-ratelimit-type': 'Daily-limit',
        'x-ratelimit-limit': '100',
        'x-ratelimit-remaining': '0',
        'retry-after': expect.stringMatching(/^\d{4}-\d\d-\d\dT00:00:00Z$/),
      },
    })
    expect(routeCount('GET /v2/daily-limit')).toBe(1)
    expect(emulator.stats.tokenRequests).toBe(1)
  })
})

describe.each(drivers)('per-second rate limit through $name', (driver) => {
  beforeEach(async () => {
    provider.close()
    await emulator.close()
    await start({ rateLimit: { limit: 1, windowMs: 60_000 } })
  })

  it('hands a QPS 429 to the caller with its X-RateLimit headers, without a refresh', async () => {
    const send = driver.client(provider, { hosts: [emulator.host] })
    expect(await send({ url: `${emulator.url}/v2/users/me` })).toMatchObject({ status: 200 })
    const outcome = await send({ url: `${emulator.url}/v2/users/me` })
    expect(outcome).toMatchObject({
      ok: true,
      status: 429,
      body: { code: 429 },
      headers: {
        'x-ratelimit-category': 'Light',
        'x-ratelimit-type': 'QPS',
        'x-ratelimit-limit': '1',
        'x-ratelimit-remaining': '0',
        'retry-after': '1',
      },
    })
    expect(routeCount('GET /v2/users/me')).toBe(2)
    expect(emulator.stats.tokenRequests).toBe(1)
    expect(events.some((event) => event.type === 'token_invalidated')).toBe(false)
  })
})
