import { tracingChannel } from 'node:diagnostics_channel'
import { SpanStatusCode } from '@opentelemetry/api'
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici'
import { GET_TOKEN_CHANNEL_NAME, zoomTokenProvider, type TokenProvider } from '@zoom-auth/core'
import { zoomAuth } from '@zoom-auth/fetch'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ZoomAuthInstrumentation } from '../index.js'
import { inMemoryTelemetry, named, only, parentOf } from './support/telemetry.js'

const telemetry = inMemoryTelemetry()
let emulator: ZoomEmulator
let instrumentation: ZoomAuthInstrumentation
let undici: UndiciInstrumentation
const providers: TokenProvider[] = []

beforeAll(async () => {
  emulator = await startZoomEmulator()
  // Enabled at construction; it reads its config's `enabled` on every request.
  undici = new UndiciInstrumentation()
  undici.setTracerProvider(telemetry.tracerProvider)
})
afterAll(async () => {
  undici.disable()
  await emulator.close()
})
afterEach(() => {
  instrumentation?.disable()
  for (const provider of providers.splice(0)) provider.close()
})

function enable() {
  instrumentation = new ZoomAuthInstrumentation({
    tracerProvider: telemetry.tracerProvider,
    meterProvider: telemetry.meterProvider,
  })
}

function provider(options: { now?: () => number; clientSecret?: string } = {}) {
  const made = zoomTokenProvider({
    ...emulator.credentials,
    oauthBaseUrl: emulator.url,
    retry: { baseDelayMs: 1, maxDelayMs: 50 },
    ...options,
  })
  providers.push(made)
  return made
}

/** The HTTP client spans undici's instrumentation made for requests to `path`. */
function httpSpans(path: string) {
  return telemetry
    .spans()
    .filter((span) => String(span.attributes['url.full'] ?? '').endsWith(path))
}

describe('a token fetch in a trace', () => {
  it('is a getToken span whose attempt span is the parent of undici’s HTTP span', async () => {
    enable()
    const tokens = provider()
    await telemetry.inAppSpan(() => tokens.getToken())
    const spans = telemetry.spans()
    const app = only(spans, 'app request')
    const getToken = only(spans, 'zoom-auth.getToken')
    const attempt = only(spans, 'zoom-auth.tokenRequest')
    const [http, ...more] = httpSpans('/oauth/token')
    expect(more).toEqual([])
    expect(parentOf(getToken)).toBe(app.spanContext().spanId)
    expect(parentOf(attempt)).toBe(getToken.spanContext().spanId)
    expect(parentOf(http!)).toBe(attempt.spanContext().spanId)
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(1)
    expect(http!.attributes).toMatchObject({ 'http.request.method': 'POST' })
    expect(getToken.attributes).toEqual({
      'zoom_auth.strategy': tokens.strategy.id,
      'zoom_auth.background': false,
      'zoom_auth.force_refresh': false,
      'zoom_auth.outcome': 'fetched',
      'zoom_auth.token.age_ms': expect.any(Number),
      'zoom_auth.token.expires_in_ms': expect.any(Number),
    })
    expect(attempt.attributes).toEqual({
      'zoom_auth.strategy': tokens.strategy.id,
      'zoom_auth.attempt': 1,
      'http.response.status_code': 200,
    })
    expect(getToken.status.code).toBe(SpanStatusCode.UNSET)
  })

  it('is a cache_hit span with the token’s age once the token is cached', async () => {
    enable()
    let now = Date.now()
    const tokens = provider({ now: () => now })
    await tokens.getToken()
    now += 120_000
    await tokens.getToken()
    const hit = only(telemetry.spans(), 'zoom-auth.getToken', { 'zoom_auth.outcome': 'cache_hit' })
    expect(hit.attributes['zoom_auth.token.age_ms']).toBe(120_000)
    expect(named(telemetry.spans(), 'zoom-auth.tokenRequest')).toHaveLength(1)
  })

  it('has one attempt span per try: the failed one with its status, Retry-After and error', async () => {
    enable()
    emulator.failNextTokenRequests({ status: 503, headers: { 'retry-after': '0.001' } })
    await provider().getToken()
    const [first, second] = named(telemetry.spans(), 'zoom-auth.tokenRequest')
    expect(first?.attributes).toMatchObject({
      'zoom_auth.attempt': 1,
      'http.response.status_code': 503,
      'zoom_auth.retry_after_ms': 1,
      'error.type': 'server_error',
    })
    expect(first?.status.code).toBe(SpanStatusCode.ERROR)
    expect(first?.events.map((event) => event.name)).toEqual(['exception'])
    expect(second?.attributes).toMatchObject({
      'zoom_auth.attempt': 2,
      'http.response.status_code': 200,
    })
    expect(httpSpans('/oauth/token')).toHaveLength(2)
  })

  it('marks a failed getToken as an error with its code and the cooldown it entered', async () => {
    enable()
    const tokens = provider({ clientSecret: 'wrong-secret' })
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'invalid_client' })
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'invalid_client' })
    const [fetched, cooldown] = named(telemetry.spans(), 'zoom-auth.getToken')
    expect(fetched?.attributes).toMatchObject({
      'zoom_auth.outcome': 'fetched',
      'error.type': 'invalid_client',
      'zoom_auth.cooldown_ms': 10_000,
    })
    expect(fetched?.status).toMatchObject({ code: SpanStatusCode.ERROR })
    expect(cooldown?.attributes).toMatchObject({
      'zoom_auth.outcome': 'cooldown',
      'error.type': 'invalid_client',
    })
  })

  it('makes a refresh ahead of expiry a root span linked to the call that started it', async () => {
    enable()
    let now = Date.now()
    const tokens = provider({ now: () => now })
    await tokens.getToken()
    now += 3_600_000 - 200_000 // inside the refresh-ahead window, past any jitter
    await telemetry.inAppSpan(() => tokens.getToken())
    await expect.poll(() => named(telemetry.spans(), 'zoom-auth.backgroundRefresh')).toHaveLength(1)
    const spans = telemetry.spans()
    const hit = only(spans, 'zoom-auth.getToken', { 'zoom_auth.outcome': 'cache_hit' })
    const background = only(spans, 'zoom-auth.backgroundRefresh')
    expect(hit.attributes['zoom_auth.refresh_started']).toBe(true)
    expect(parentOf(background)).toBeUndefined()
    expect(background.links.map((link) => link.context.spanId)).toEqual([hit.spanContext().spanId])
    expect(background.attributes).toMatchObject({
      'zoom_auth.background': true,
      'zoom_auth.outcome': 'fetched',
    })
    const attempts = named(spans, 'zoom-auth.tokenRequest')
    expect(parentOf(attempts.at(-1)!)).toBe(background.spanContext().spanId)
  })
})

describe('a replay after a 401', () => {
  it('is a replay span in the call’s span, which gets http.request.resend_count 1', async () => {
    enable()
    const tokens = provider()
    const zoomFetch = zoomAuth(tokens, { hosts: [emulator.host] })
    await zoomFetch(`${emulator.url}/v2/users/me`)
    emulator.revokeTokens()
    const response = await telemetry.inAppSpan(() => zoomFetch(`${emulator.url}/v2/users/me`))
    expect(response.status).toBe(200)
    const spans = telemetry.spans()
    const app = only(spans, 'app request')
    const replay = only(spans, 'zoom-auth.replay')
    expect(app.attributes['http.request.resend_count']).toBe(1)
    expect(parentOf(replay)).toBe(app.spanContext().spanId)
    expect(replay.attributes).toEqual({
      'zoom_auth.strategy': tokens.strategy.id,
      'server.address': emulator.host,
      'http.response.status_code': 401,
      'zoom_auth.outcome': 'resend',
    })
    // The new token is fetched inside the replay.
    const inReplay = named(spans, 'zoom-auth.getToken').filter(
      (span) => parentOf(span) === replay.spanContext().spanId,
    )
    expect(inReplay.map((span) => span.attributes['zoom_auth.outcome'])).toEqual(['fetched'])
  })
})

describe('ZoomAuthInstrumentation', () => {
  it('leaves core untraced once disabled', async () => {
    enable()
    expect(tracingChannel(GET_TOKEN_CHANNEL_NAME).hasSubscribers).toBe(true)
    instrumentation.disable()
    expect(tracingChannel(GET_TOKEN_CHANNEL_NAME).hasSubscribers).toBe(false)
    await provider().getToken()
    expect(named(telemetry.spans(), 'zoom-auth.getToken')).toEqual([])
  })

  it('never breaks token handling, even when the tracer throws', async () => {
    instrumentation = new ZoomAuthInstrumentation()
    instrumentation.setTracerProvider({
      getTracer: () =>
        ({
          startSpan: () => {
            throw new Error('tracer broken')
          },
        }) as never,
    })
    await expect(provider().getToken()).resolves.toMatchObject({ tokenType: 'bearer' })
  })
})
