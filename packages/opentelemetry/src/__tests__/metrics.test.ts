import type { Histogram } from '@opentelemetry/sdk-metrics'
import { createTokenProvider, zoomTokenProvider, type TokenProvider } from '@zoom-auth/core'
import { zoomAuth } from '@zoom-auth/fetch'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ZoomAuthInstrumentation } from '../index.js'
import { strategyForMetrics } from '../attributes.js'
import { inMemoryTelemetry, only, points } from './support/telemetry.js'

const telemetry = inMemoryTelemetry()
let emulator: ZoomEmulator
let instrumentation: ZoomAuthInstrumentation
const providers: TokenProvider[] = []

beforeAll(async () => {
  emulator = await startZoomEmulator()
  instrumentation = new ZoomAuthInstrumentation({
    tracerProvider: telemetry.tracerProvider,
    meterProvider: telemetry.meterProvider,
  })
})
afterAll(async () => {
  instrumentation.disable()
  await emulator.close()
})
afterEach(() => {
  for (const provider of providers.splice(0)) provider.close()
})

function provider(clientId = emulator.credentials.clientId) {
  const made = zoomTokenProvider({
    ...emulator.credentials,
    clientId,
    oauthBaseUrl: emulator.url,
    retry: { baseDelayMs: 1, maxDelayMs: 50 },
  })
  providers.push(made)
  return made
}

/** A metric's points for one strategy, attributes without the strategy, sorted for comparison. */
async function pointsOf(name: string, strategy: string) {
  const metric = (await telemetry.metrics()).get(name)
  return points(metric)
    .filter(({ attributes }) => attributes['zoom_auth.strategy'] === strategy)
    .map(({ attributes: { ['zoom_auth.strategy']: _, ...attributes }, value }) => ({
      attributes,
      value: typeof value === 'number' ? value : (value as Histogram).count,
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
}

describe('metrics', () => {
  it('count token requests by outcome, fetches, token age, endpoint attempts and replays', async () => {
    const tokens = provider()
    const id = tokens.strategy.id
    await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()]) // fetched, 2 joined
    await tokens.getToken() // cache_hit
    emulator.failNextTokenRequests({ status: 503 })
    await tokens.getToken({ forceRefresh: true }) // fetched, in 2 attempts
    const zoomFetch = zoomAuth(tokens, { hosts: [emulator.host] })
    emulator.revokeTokens()
    const response = await zoomFetch(`${emulator.url}/v2/users/me`) // cache_hit, replay: fetched
    expect(response.status).toBe(200)

    expect(await pointsOf('zoom_auth.token.requests', id)).toEqual([
      { attributes: { 'zoom_auth.outcome': 'cache_hit' }, value: 2 },
      { attributes: { 'zoom_auth.outcome': 'fetched' }, value: 3 },
      { attributes: { 'zoom_auth.outcome': 'joined' }, value: 2 },
    ])
    expect(await pointsOf('zoom_auth.token.fetch.duration', id)).toEqual([
      { attributes: { 'zoom_auth.outcome': 'fetched', 'zoom_auth.background': false }, value: 3 },
    ])
    expect(await pointsOf('zoom_auth.token.age', id)).toEqual([{ attributes: {}, value: 7 }])
    expect(await pointsOf('zoom_auth.token_endpoint.attempts', id)).toEqual([
      { attributes: { 'error.type': 'server_error', 'http.response.status_code': 503 }, value: 1 },
      { attributes: { 'http.response.status_code': 200 }, value: 3 },
    ])
    expect(await pointsOf('zoom_auth.replays', id)).toEqual([
      { attributes: { 'zoom_auth.outcome': 'resend' }, value: 1 },
    ])
    expect(await pointsOf('zoom_auth.cooldowns', id)).toEqual([])
  })

  it('count a cooldown entered after bad credentials, and the calls failed in it', async () => {
    const tokens = provider('not-the-client')
    const id = tokens.strategy.id
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'invalid_client' })
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'invalid_client' })
    expect(await pointsOf('zoom_auth.cooldowns', id)).toEqual([
      { attributes: { 'error.type': 'invalid_client' }, value: 1 },
    ])
    expect(await pointsOf('zoom_auth.token.requests', id)).toEqual([
      { attributes: { 'zoom_auth.outcome': 'cooldown', 'error.type': 'invalid_client' }, value: 1 },
      { attributes: { 'zoom_auth.outcome': 'fetched', 'error.type': 'invalid_client' }, value: 1 },
    ])
  })

  it('record the token age at use in seconds', async () => {
    let now = Date.now()
    const tokens = createTokenProvider(
      {
        id: 'test:aging',
        tokenUrl: 'https://auth.example.test/token',
        requestToken: async () => ({ accessToken: 'opaque', expiresInSeconds: 3600, scopes: [] }),
      },
      { now: () => now },
    )
    providers.push(tokens)
    await tokens.getToken()
    now += 90_000
    await tokens.getToken()
    const [age] = points((await telemetry.metrics()).get('zoom_auth.token.age')).filter(
      ({ attributes }) => attributes['zoom_auth.strategy'] === 'test:aging',
    )
    expect(age?.value).toMatchObject({ count: 2, sum: 90, min: 0, max: 90 })
  })

  it('fold the users of a user-level app into one series; the span names the user', async () => {
    const user = createTokenProvider({
      id: 'zoom-user:alice',
      tokenUrl: 'https://zoom.us/oauth/token',
      requestToken: async () => ({ accessToken: 'opaque', expiresInSeconds: 3600, scopes: [] }),
    })
    providers.push(user)
    await user.getToken()
    expect(strategyForMetrics('zoom-user:bob')).toBe('zoom-user')
    expect(strategyForMetrics('zoom:abc')).toBe('zoom:abc')
    expect(await pointsOf('zoom_auth.token.requests', 'zoom-user')).toEqual([
      { attributes: { 'zoom_auth.outcome': 'fetched' }, value: 1 },
    ])
    expect(await pointsOf('zoom_auth.token.requests', 'zoom-user:alice')).toEqual([])
    const span = only(telemetry.spans(), 'zoom-auth.getToken')
    expect(span.attributes['zoom_auth.strategy']).toBe('zoom-user:alice')
  })
})
