import type { Attributes, Meter } from '@opentelemetry/api'
import type {
  GetTokenTraceContext,
  ReplayTraceContext,
  TokenRequestTraceContext,
} from '@zoom-auth/core'
import {
  ATTR_BACKGROUND,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_STATUS,
  ATTR_OUTCOME,
  ATTR_STRATEGY,
  strategyForMetrics,
} from './attributes.js'

/** The outcomes of a getToken that obtained a token in this process (once per fetch, not per joiner). */
const FETCH_OUTCOMES = new Set(['fetched', 'waited', 'from_store'])

/**
 * The metrics this package records, made from one meter. Names, units and attributes are listed
 * in the package README.
 */
export interface MetricInstruments {
  /** One getToken: counts it by outcome; its age; the fetch it made, and the cooldown it entered. */
  getToken(context: GetTokenTraceContext, durationSeconds: number): void
  tokenRequest(context: TokenRequestTraceContext): void
  replay(context: ReplayTraceContext): void
}

/**
 * Creates the instruments on `meter`; called again when the meter provider changes.
 *
 * @example
 * ```ts
 * const instruments = metricInstruments(metrics.getMeter(PACKAGE_NAME, PACKAGE_VERSION))
 * ```
 */
export function metricInstruments(meter: Meter): MetricInstruments {
  const calls = meter.createCounter('zoom_auth.token.requests', {
    description:
      'getToken calls, by how the token came: cache_hit, joined, from_store, waited, fetched, cooldown, rejected',
    unit: '{request}',
  })
  const fetchDuration = meter.createHistogram('zoom_auth.token.fetch.duration', {
    description:
      'Time to obtain a new token (endpoint with its retries, or the shared store), per fetch',
    unit: 's',
    advice: {
      explicitBucketBoundaries: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    },
  })
  const tokenAge = meter.createHistogram('zoom_auth.token.age', {
    description: 'Age of the token a getToken hands out, since it was issued',
    unit: 's',
    advice: { explicitBucketBoundaries: [1, 10, 60, 300, 600, 1200, 1800, 2700, 3300, 3600] },
  })
  const cooldowns = meter.createCounter('zoom_auth.cooldowns', {
    description:
      'Cooldowns entered after a failure (bad credentials, a Retry-After): calls fail fast meanwhile',
    unit: '{cooldown}',
  })
  const attempts = meter.createCounter('zoom_auth.token_endpoint.attempts', {
    description:
      'Requests to the token endpoint, each attempt of a fetch, by HTTP status and error',
    unit: '{request}',
  })
  const replays = meter.createCounter('zoom_auth.replays', {
    description: 'API calls replayed after a 401 (resend) or answered with it (cannot_resend)',
    unit: '{replay}',
  })

  return {
    getToken(context, durationSeconds) {
      if (!context.background) {
        calls.add(1, withOutcome(baseAttributes(context), context.outcome))
        if (context.tokenAgeMs !== undefined)
          tokenAge.record(context.tokenAgeMs / 1000, baseAttributes(context))
      }
      if (context.outcome !== undefined && FETCH_OUTCOMES.has(context.outcome)) {
        const attributes = withOutcome(baseAttributes(context), context.outcome)
        attributes[ATTR_BACKGROUND] = context.background
        fetchDuration.record(durationSeconds, attributes)
      }
      if (context.cooldownMs !== undefined) cooldowns.add(1, baseAttributes(context))
    },

    tokenRequest(context) {
      const attributes = baseAttributes(context)
      if (context.status !== undefined) attributes[ATTR_HTTP_STATUS] = context.status
      attempts.add(1, attributes)
    },

    replay(context) {
      replays.add(1, withOutcome(baseAttributes(context), context.outcome))
    },
  }
}

/** A new attributes object per record: the SDK may keep the one it is given. */
function baseAttributes(context: { strategy: string; code?: string }): Attributes {
  const attributes: Attributes = { [ATTR_STRATEGY]: strategyForMetrics(context.strategy) }
  if (context.code !== undefined) attributes[ATTR_ERROR_TYPE] = context.code
  return attributes
}

function withOutcome(attributes: Attributes, outcome: string | undefined): Attributes {
  if (outcome !== undefined) attributes[ATTR_OUTCOME] = outcome
  return attributes
}
