// `pnpm --filter @zoom-auth/opentelemetry exec vitest bench --run`: what a cached getToken costs
// with nobody listening on core's tracing channels, with a bare subscriber, and with this package.
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { GET_TOKEN_CHANNEL_NAME, createTokenProvider } from '@zoom-auth/core'
import { bench, describe } from 'vitest'
import { ZoomAuthInstrumentation } from '../index.js'

const provider = createTokenProvider({
  id: 'bench:cached',
  tokenUrl: 'https://auth.example.test/token',
  requestToken: async () => ({ accessToken: 'opaque', expiresInSeconds: 3600, scopes: [] }),
})
await provider.getToken()

/** Runs `on` before a bench's warmup and its run, `off` after each. */
function around(on: () => () => void) {
  let off: (() => void) | undefined
  return {
    setup: () => void (off ??= on()),
    teardown: () => {
      off?.()
      off = undefined
    },
  }
}

const asyncEnd = `tracing:${GET_TOKEN_CHANNEL_NAME}:asyncEnd`
const noop = () => {}

describe('provider.getToken(), cached token', () => {
  bench('nobody subscribed', () => provider.getToken() as Promise<unknown> as Promise<void>)

  bench(
    'a diagnostics_channel subscriber on asyncEnd',
    () => provider.getToken() as Promise<unknown> as Promise<void>,
    around(() => {
      subscribe(asyncEnd, noop)
      return () => unsubscribe(asyncEnd, noop)
    }),
  )

  bench(
    'ZoomAuthInstrumentation, SDK tracer (no processor, so spans are dropped) and meter',
    () => provider.getToken() as Promise<unknown> as Promise<void>,
    around(() => {
      const instrumentation = new ZoomAuthInstrumentation({
        tracerProvider: new BasicTracerProvider(),
        meterProvider: new MeterProvider(),
      })
      return () => instrumentation.disable()
    }),
  )
})
