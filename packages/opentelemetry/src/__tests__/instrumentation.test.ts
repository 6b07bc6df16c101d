import { metrics, trace } from '@opentelemetry/api'
import { registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation'
import { createTokenProvider, type TokenStrategy } from '@zoom-auth/core'
import { afterEach, describe, expect, it } from 'vitest'
import { ZoomAuthInstrumentation } from '../index.js'
import { inMemoryTelemetry, named } from './support/telemetry.js'

const telemetry = inMemoryTelemetry()
const stops: Array<() => void> = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
})

const strategy: TokenStrategy = {
  id: 'test:shape',
  tokenUrl: 'https://auth.example.test/token',
  requestToken: async () => ({ accessToken: 'opaque', expiresInSeconds: 3600, scopes: [] }),
}

async function oneFetch() {
  const provider = createTokenProvider(strategy)
  await provider.getToken()
  provider.close()
}

describe('ZoomAuthInstrumentation as an OpenTelemetry Instrumentation', () => {
  it('has the Instrumentation shape and goes into registerInstrumentations, which enables it', async () => {
    const instrumentation = new ZoomAuthInstrumentation({ enabled: false })
    const asInstrumentation: Instrumentation = instrumentation
    expect(asInstrumentation.instrumentationName).toBe('@zoom-auth/opentelemetry')
    expect(asInstrumentation.instrumentationVersion).toMatch(/^\d+\.\d+\.\d+/)
    await oneFetch()
    expect(telemetry.spans()).toEqual([])

    const unregister = registerInstrumentations({
      instrumentations: [instrumentation],
      tracerProvider: telemetry.tracerProvider,
      meterProvider: telemetry.meterProvider,
    })
    stops.push(unregister, () => instrumentation.disable())
    await oneFetch()
    expect(named(telemetry.spans(), 'zoom-auth.getToken')).toHaveLength(1)
    expect((await telemetry.metrics()).has('zoom_auth.token.requests')).toBe(true)
  })

  it('follows the global tracer provider when given none', async () => {
    trace.setGlobalTracerProvider(telemetry.tracerProvider)
    metrics.setGlobalMeterProvider(telemetry.meterProvider)
    stops.push(
      () => trace.disable(),
      () => metrics.disable(),
    )
    const instrumentation = new ZoomAuthInstrumentation()
    stops.push(() => instrumentation.disable())
    await oneFetch()
    const [span] = named(telemetry.spans(), 'zoom-auth.getToken')
    expect(span?.instrumentationScope).toMatchObject({ name: '@zoom-auth/opentelemetry' })
  })

  it('subscribes once however often it is enabled, and not at all while disabled', async () => {
    const instrumentation = new ZoomAuthInstrumentation({
      tracerProvider: telemetry.tracerProvider,
    })
    stops.push(() => instrumentation.disable())
    instrumentation.enable()
    instrumentation.enable()
    await oneFetch()
    expect(named(telemetry.spans(), 'zoom-auth.getToken')).toHaveLength(1)
    instrumentation.disable()
    instrumentation.disable()
    await oneFetch()
    expect(named(telemetry.spans(), 'zoom-auth.getToken')).toHaveLength(1)
  })

  it('keeps its config; setConfig swaps the providers in it', async () => {
    const instrumentation = new ZoomAuthInstrumentation({ enabled: false })
    expect(instrumentation.getConfig()).toEqual({ enabled: false })
    instrumentation.setConfig({ tracerProvider: telemetry.tracerProvider })
    expect(instrumentation.getConfig()).toEqual({ tracerProvider: telemetry.tracerProvider })
    instrumentation.enable()
    stops.push(() => instrumentation.disable())
    await oneFetch()
    expect(named(telemetry.spans(), 'zoom-auth.getToken')).toHaveLength(1)
  })

  it.each([
    ['a config that is not an object', null],
    ['enabled that is not a boolean', { enabled: 'yes' }],
    ['a tracerProvider without getTracer', { tracerProvider: {} }],
    ['a meterProvider without getMeter', { meterProvider: { getMeter: 1 } }],
  ])('throws a TypeError at construction for %s', (_case, config) => {
    expect(() => new ZoomAuthInstrumentation(config as never)).toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' }),
    )
  })
})
