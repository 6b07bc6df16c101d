import { context, type Span } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics'
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base'
import { afterAll, afterEach, beforeAll } from 'vitest'

/**
 * The real OpenTelemetry SDK, in memory: a tracer provider exporting every ended span at once, a
 * meter provider read on demand, and Node's AsyncLocalStorage as the context manager (what the
 * Node SDK registers). One per test file; spans are cleared after each test.
 */
export function inMemoryTelemetry() {
  const spanExporter = new InMemorySpanExporter()
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spanExporter)],
  })
  const reader = new PeriodicExportingMetricReader({
    exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
    // Read by hand (collect), never on a timer.
    exportIntervalMillis: 2_147_483_647,
  })
  const meterProvider = new MeterProvider({ readers: [reader] })
  const contextManager = new AsyncLocalStorageContextManager()

  beforeAll(() => {
    context.setGlobalContextManager(contextManager.enable())
  })
  afterEach(() => spanExporter.reset())
  afterAll(async () => {
    context.disable()
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()])
  })

  const tracer = tracerProvider.getTracer('test-app')
  return {
    tracerProvider,
    meterProvider,
    spans: (): ReadableSpan[] => spanExporter.getFinishedSpans(),
    /** Runs `run` inside an active span of the app's own, as a request handler would be. */
    inAppSpan<T>(run: (span: Span) => Promise<T>): Promise<T> {
      return tracer.startActiveSpan('app request', async (span) => {
        try {
          return await run(span)
        } finally {
          span.end()
        }
      })
    },
    /** Every metric recorded so far, by name. */
    async metrics(): Promise<Map<string, MetricData>> {
      const { resourceMetrics } = await reader.collect()
      const byName = new Map<string, MetricData>()
      for (const scope of resourceMetrics.scopeMetrics)
        for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric)
      return byName
    },
  }
}

/** The spans named `name`, in the order they ended. */
export function named(spans: ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((span) => span.name === name)
}

/** The one span named `name` whose attributes include `attributes`. */
export function only(
  spans: ReadableSpan[],
  name: string,
  attributes: Record<string, unknown> = {},
): ReadableSpan {
  const found = named(spans, name).filter((span) =>
    Object.entries(attributes).every(([key, value]) => span.attributes[key] === value),
  )
  if (found.length !== 1) {
    const seen = spans.map((span) => `${span.name} ${JSON.stringify(span.attributes)}`)
    throw new Error(
      `expected one ${name} ${JSON.stringify(attributes)}, found ${found.length}: ${seen.join('; ')}`,
    )
  }
  return found[0]!
}

/** The id of a span's parent, or undefined for a root span. */
export function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId
}

/** A metric's data points as `{ attributes, value }`, for counters (value) and histograms (count, sum). */
export function points(metric: MetricData | undefined): Array<{
  attributes: Record<string, unknown>
  value: number | Histogram
}> {
  if (!metric) return []
  return (metric.dataPoints as Array<DataPoint<number | Histogram>>).map((point) => ({
    attributes: { ...point.attributes },
    value: point.value,
  }))
}
