import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context as contextApi,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api'
import type {
  GetTokenTraceContext,
  ReplayTraceContext,
  TokenRequestTraceContext,
  TraceContext,
} from '@zoom-auth/core'
import {
  ATTR_ATTEMPT,
  ATTR_BACKGROUND,
  ATTR_COOLDOWN_MS,
  ATTR_ERROR_TYPE,
  ATTR_FORCE_REFRESH,
  ATTR_HTTP_STATUS,
  ATTR_OUTCOME,
  ATTR_REFRESH_STARTED,
  ATTR_RESEND_COUNT,
  ATTR_RETRY_AFTER_MS,
  ATTR_SERVER_ADDRESS,
  ATTR_STRATEGY,
  ATTR_TOKEN_AGE_MS,
  ATTR_TOKEN_EXPIRES_IN_MS,
} from './attributes.js'
import type { OperationHandlers } from './channel-subscription.js'
import type { MetricInstruments } from './metric-instruments.js'

/** Span names, one per traced operation. */
export const SPAN_GET_TOKEN = 'zoom-auth.getToken'
export const SPAN_BACKGROUND_REFRESH = 'zoom-auth.backgroundRefresh'
export const SPAN_TOKEN_REQUEST = 'zoom-auth.tokenRequest'
export const SPAN_REPLAY = 'zoom-auth.replay'

/** Where the spans and metrics go now; the instrumentation swaps them when its providers change. */
export interface Recorders {
  tracer(): Tracer
  instruments(): MetricInstruments
}

/** One operation in flight: its span, when it started, and (replay) the span it was called in. */
interface Running {
  span: Span
  startedAt: number
  caller?: Span | undefined
}

/**
 * The handlers of the three channels: a span per operation (a child of the active span, so the
 * token endpoint's HTTP span is a child of its attempt's), metrics when it settles. A background
 * refresh is a root span linked to the call that started it: it outlives that call, and its trace
 * is sampled on its own.
 *
 * @example
 * ```ts
 * const handlers = operationHandlers({ tracer: () => tracer, instruments: () => instruments })
 * subscribeOperation(GET_TOKEN_CHANNEL_NAME, handlers.getToken)
 * ```
 */
export function operationHandlers(recorders: Recorders): {
  getToken: OperationHandlers<GetTokenTraceContext>
  tokenRequest: OperationHandlers<TokenRequestTraceContext>
  replay: OperationHandlers<ReplayTraceContext>
} {
  // Keyed by core's context object: it is the one thing every event of an operation shares.
  const running = new WeakMap<object, Running>()

  function begin(
    context: TraceContext,
    name: string,
    attributes: Attributes,
    root = false,
  ): Context {
    const active = contextApi.active()
    const caller = trace.getSpan(active)
    const parent = root ? ROOT_CONTEXT : active
    const links = root && caller ? [{ context: caller.spanContext() }] : []
    attributes[ATTR_STRATEGY] = context.strategy
    const span = recorders
      .tracer()
      .startSpan(name, { kind: SpanKind.INTERNAL, attributes, links }, parent)
    running.set(context, { span, startedAt: performance.now(), caller })
    return trace.setSpan(parent, span)
  }

  /** Ends the operation's span (with its error, if any); hands back what ran, once. */
  function finish(context: TraceContext, attributes: Attributes): Running | undefined {
    const entry = running.get(context)
    if (!entry) return undefined
    running.delete(context)
    const { span } = entry
    if (context.code !== undefined) attributes[ATTR_ERROR_TYPE] = context.code
    span.setAttributes(attributes)
    if (context.error !== undefined) {
      const error = context.error
      span.recordException(error instanceof Error ? error : String(error))
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      })
    }
    span.end()
    return entry
  }

  return {
    getToken: {
      enter: (context) =>
        begin(
          context,
          context.background ? SPAN_BACKGROUND_REFRESH : SPAN_GET_TOKEN,
          { [ATTR_BACKGROUND]: context.background, [ATTR_FORCE_REFRESH]: context.forceRefresh },
          context.background,
        ),
      exit(context) {
        const attributes: Attributes = {}
        if (context.outcome !== undefined) attributes[ATTR_OUTCOME] = context.outcome
        if (context.refreshStarted) attributes[ATTR_REFRESH_STARTED] = true
        if (context.tokenAgeMs !== undefined) attributes[ATTR_TOKEN_AGE_MS] = context.tokenAgeMs
        if (context.expiresInMs !== undefined)
          attributes[ATTR_TOKEN_EXPIRES_IN_MS] = context.expiresInMs
        if (context.cooldownMs !== undefined) attributes[ATTR_COOLDOWN_MS] = context.cooldownMs
        const entry = finish(context, attributes)
        if (entry) {
          const durationSeconds = (performance.now() - entry.startedAt) / 1000
          recorders.instruments().getToken(context, durationSeconds)
        }
      },
    },

    tokenRequest: {
      enter: (context) => begin(context, SPAN_TOKEN_REQUEST, { [ATTR_ATTEMPT]: context.attempt }),
      exit(context) {
        const attributes: Attributes = {}
        if (context.status !== undefined) attributes[ATTR_HTTP_STATUS] = context.status
        if (context.retryAfterMs !== undefined)
          attributes[ATTR_RETRY_AFTER_MS] = context.retryAfterMs
        if (finish(context, attributes)) recorders.instruments().tokenRequest(context)
      },
    },

    replay: {
      enter: (context) =>
        begin(context, SPAN_REPLAY, {
          [ATTR_SERVER_ADDRESS]: context.host,
          [ATTR_HTTP_STATUS]: context.status,
        }),
      exit(context) {
        const attributes: Attributes = {}
        if (context.outcome !== undefined) attributes[ATTR_OUTCOME] = context.outcome
        const entry = finish(context, attributes)
        if (!entry) return
        // HTTP semconv: a resent request carries its resend count. The span active where the
        // adapter replays is the call's (the resent request's own span is the HTTP client's).
        if (context.outcome === 'resend') entry.caller?.setAttribute(ATTR_RESEND_COUNT, 1)
        recorders.instruments().replay(context)
      },
    },
  }
}
