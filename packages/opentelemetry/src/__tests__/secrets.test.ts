import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { zoomTokenProvider } from '@zoom-auth/core'
import { zoomAuth } from '@zoom-auth/fetch'
import { startZoomEmulator } from '@zoom-auth/testing'
import { describe, expect, it } from 'vitest'
import { ZoomAuthInstrumentation } from '../index.js'
import { inMemoryTelemetry, named, points } from './support/telemetry.js'

const telemetry = inMemoryTelemetry()

/** What an exporter sends of a span: name, attributes, events, status, links. */
function exported(span: ReadableSpan) {
  return JSON.stringify({
    name: span.name,
    attributes: span.attributes,
    events: span.events,
    status: span.status,
    links: span.links,
  })
}

describe('spans and metrics never carry a token or a secret', () => {
  it('in a full run: retries, a refused secret, a refresh ahead, a 401 replay, undici’s spans too', async () => {
    const emulator = await startZoomEmulator()
    const undici = new UndiciInstrumentation()
    undici.setTracerProvider(telemetry.tracerProvider)
    const instrumentation = new ZoomAuthInstrumentation({
      tracerProvider: telemetry.tracerProvider,
      meterProvider: telemetry.meterProvider,
    })
    const basic = (clientSecret: string) =>
      Buffer.from(`${emulator.credentials.clientId}:${clientSecret}`).toString('base64')
    const tokens: string[] = []
    try {
      let now = Date.now()
      const provider = zoomTokenProvider({
        ...emulator.credentials,
        oauthBaseUrl: emulator.url,
        retry: { baseDelayMs: 1, maxDelayMs: 50 },
        now: () => now,
      })
      emulator.failNextTokenRequests({ status: 429, headers: { 'retry-after': '0.001' } })
      tokens.push((await provider.getToken()).accessToken)
      now += 3_600_000 - 200_000 // a cache hit that refreshes ahead
      await provider.getToken()
      await expect
        .poll(() => named(telemetry.spans(), 'zoom-auth.backgroundRefresh'))
        .toHaveLength(1)
      tokens.push((await provider.getToken()).accessToken)
      const zoomFetch = zoomAuth(provider, { hosts: [emulator.host] })
      emulator.revokeTokens()
      expect((await zoomFetch(`${emulator.url}/v2/users/me`)).status).toBe(200)
      tokens.push(provider.peek()?.accessToken ?? 'no token after the replay')
      provider.close()

      const refused = zoomTokenProvider({
        ...emulator.credentials,
        clientSecret: 'wrong-secret-x9',
        oauthBaseUrl: emulator.url,
      })
      await expect(refused.getToken()).rejects.toMatchObject({ code: 'invalid_client' })
      refused.close()
    } finally {
      instrumentation.disable()
      undici.disable()
      await emulator.close()
    }

    const spans = telemetry.spans()
    expect(new Set(spans.map((span) => span.name))).toEqual(
      new Set([
        'zoom-auth.getToken',
        'zoom-auth.backgroundRefresh',
        'zoom-auth.tokenRequest',
        'zoom-auth.replay',
        'POST',
        'GET',
      ]),
    )
    const metrics = [...(await telemetry.metrics()).values()]
    expect(metrics.length).toBeGreaterThanOrEqual(6)
    const texts = [
      ...spans.map(exported),
      ...metrics.map((metric) => JSON.stringify({ ...metric, points: points(metric) })),
    ]
    const forbidden = [
      emulator.credentials.clientSecret,
      basic(emulator.credentials.clientSecret),
      'wrong-secret-x9',
      basic('wrong-secret-x9'),
      ...new Set([...tokens, ...emulator.stats.requests.map((request) => request.token ?? '')]),
    ].filter((value) => value !== '')
    expect(tokens).toHaveLength(3)
    expect(new Set(tokens).size).toBe(3)
    expect(texts.flatMap((text) => forbidden.filter((value) => text.includes(value)))).toEqual([])
  })
})
