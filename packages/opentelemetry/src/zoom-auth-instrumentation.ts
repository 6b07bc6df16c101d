import {
  metrics,
  trace,
  type MeterProvider,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api'
import {
  GET_TOKEN_CHANNEL_NAME,
  REPLAY_CHANNEL_NAME,
  TOKEN_REQUEST_CHANNEL_NAME,
} from '@zoom-auth/core'
import { assertBoolean, assertFunction, assertOptionsObject } from '@zoom-auth/core/adapter'
import { subscribeOperation } from './channel-subscription.js'
import { metricInstruments, type MetricInstruments } from './metric-instruments.js'
import { operationHandlers } from './operation-spans.js'
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js'

/**
 * Options of {@link ZoomAuthInstrumentation}; the shape of OpenTelemetry's `InstrumentationConfig`.
 *
 * @example
 * ```ts
 * const config: ZoomAuthInstrumentationConfig = { tracerProvider, meterProvider }
 * ```
 */
export interface ZoomAuthInstrumentationConfig {
  /** Subscribe at construction. Default `true`; `registerInstrumentations` enables it either way. */
  enabled?: boolean
  /** Where spans go. Default: the global tracer provider (`registerInstrumentations` sets it too). */
  tracerProvider?: TracerProvider
  /** Where metrics go. Default: the global meter provider (`registerInstrumentations` sets it too). */
  meterProvider?: MeterProvider
}

/**
 * OpenTelemetry spans and metrics for zoom-auth, from core's `node:diagnostics_channel` tracing
 * channels: nothing is patched, and core knows nothing of OpenTelemetry. It has the shape of an
 * OpenTelemetry `Instrumentation`, so it goes wherever those go: `registerInstrumentations`, or
 * the `instrumentations` of `NodeSDK`.
 *
 * Spans: `zoom-auth.getToken` per call (a cache hit too), `zoom-auth.backgroundRefresh` per
 * refresh ahead of expiry (a root span linked to the call that started it), `zoom-auth.tokenRequest`
 * per token-endpoint attempt (with undici's instrumentation on, the HTTP span is its child), and
 * `zoom-auth.replay` per replay after a 401. Metrics: see the package README.
 *
 * @example
 * ```ts
 * import { registerInstrumentations } from '@opentelemetry/instrumentation'
 * import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici'
 * import { ZoomAuthInstrumentation } from '@zoom-auth/opentelemetry'
 *
 * registerInstrumentations({
 *   instrumentations: [new UndiciInstrumentation(), new ZoomAuthInstrumentation()],
 * })
 * ```
 */
export class ZoomAuthInstrumentation {
  /** The instrumentation scope of its spans and metrics: `@zoom-auth/opentelemetry`. */
  readonly instrumentationName: string = PACKAGE_NAME
  /** This package's version, the scope's version. */
  readonly instrumentationVersion: string = PACKAGE_VERSION
  #config: ZoomAuthInstrumentationConfig
  #tracer: Tracer
  #instruments: MetricInstruments
  #unsubscribe: (() => void) | undefined

  constructor(config: ZoomAuthInstrumentationConfig = {}) {
    assertConfig(config)
    this.#config = { ...config }
    // trace.getTracer follows a global provider registered later; a meter does not, so
    // registerInstrumentations (or setMeterProvider) hands one in.
    this.#tracer = (config.tracerProvider ?? trace).getTracer(PACKAGE_NAME, PACKAGE_VERSION)
    this.#instruments = metricInstruments(
      (config.meterProvider ?? metrics).getMeter(PACKAGE_NAME, PACKAGE_VERSION),
    )
    if (config.enabled !== false) this.enable()
  }

  /** Subscribes to core's tracing channels (again after {@link disable}); a second call does nothing. */
  enable(): void {
    if (this.#unsubscribe) return
    const handlers = operationHandlers({
      tracer: () => this.#tracer,
      instruments: () => this.#instruments,
    })
    const stops = [
      subscribeOperation(GET_TOKEN_CHANNEL_NAME, handlers.getToken),
      subscribeOperation(TOKEN_REQUEST_CHANNEL_NAME, handlers.tokenRequest),
      subscribeOperation(REPLAY_CHANNEL_NAME, handlers.replay),
    ]
    this.#unsubscribe = () => {
      for (const stop of stops) stop()
    }
  }

  /** Unsubscribes: core is back to its untraced path (when nothing else subscribes). */
  disable(): void {
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
  }

  /** Where spans go from now on (`registerInstrumentations` calls it). */
  setTracerProvider(tracerProvider: TracerProvider): void {
    this.#tracer = tracerProvider.getTracer(PACKAGE_NAME, PACKAGE_VERSION)
  }

  /** Where metrics go from now on; the instruments are made anew on it (`registerInstrumentations` calls it). */
  setMeterProvider(meterProvider: MeterProvider): void {
    this.#instruments = metricInstruments(meterProvider.getMeter(PACKAGE_NAME, PACKAGE_VERSION))
  }

  /** Replaces the config; providers in it take effect now, `enabled` at the next enable/disable. */
  setConfig(config: ZoomAuthInstrumentationConfig = {}): void {
    assertConfig(config)
    this.#config = { ...config }
    if (config.tracerProvider) this.setTracerProvider(config.tracerProvider)
    if (config.meterProvider) this.setMeterProvider(config.meterProvider)
  }

  /** A copy of the config (`registerInstrumentations` reads `enabled`). */
  getConfig(): ZoomAuthInstrumentationConfig {
    return { ...this.#config }
  }
}

const SCOPE = '@zoom-auth/opentelemetry'

function assertConfig(config: unknown): asserts config is ZoomAuthInstrumentationConfig {
  assertOptionsObject(
    config,
    `${SCOPE}: the config must be an object { enabled?, tracerProvider?, meterProvider? }`,
  )
  const { enabled, tracerProvider, meterProvider } = config as Record<string, unknown>
  assertBoolean(enabled, 'enabled', SCOPE)
  if (tracerProvider !== undefined)
    assertFunction(methodOf(tracerProvider, 'getTracer'), 'tracerProvider.getTracer', SCOPE)
  if (meterProvider !== undefined)
    assertFunction(methodOf(meterProvider, 'getMeter'), 'meterProvider.getMeter', SCOPE)
}

function methodOf(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined
}
