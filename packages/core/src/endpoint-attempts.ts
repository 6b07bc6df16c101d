import { ZoomAuthError, closedError, isZoomAuthError } from './errors.js'
import type { NormalizedOptions } from './provider-options.js'
import { scrubError } from './scrub.js'
import {
  statusNoting,
  tokenRequestChannel,
  traceTokenRequest,
  type TokenRequestTraceContext,
} from './tracing.js'
import type { TokenGrant, TokenStrategy } from './types.js'

const RETRYABLE_CODES = new Set(['network_error', 'timeout', 'server_error', 'rate_limited'])

/** What the token endpoint granted, and how many attempts it took. */
export interface EndpointGrant {
  grant: TokenGrant
  attempts: number
  /** When the successful attempt started: the token's life began no earlier. */
  attemptStartedAt: number
}

/** What {@link createEndpointAttempts} needs from the provider it works for. */
export interface EndpointAttemptsContext {
  strategy: TokenStrategy
  config: Pick<NormalizedOptions, 'fetch' | 'timeoutMs' | 'retry' | 'clock'>
  /** Aborted at close: no attempt starts any more, a running one and a backoff end with `closed`. */
  closed: AbortSignal
  /** True while callers await the fetch: their backoff keeps the process alive, a background one never. */
  callersWaiting(): boolean
  /** Receives each backoff timer, so that a caller joining a background fetch mid-backoff can ref it. */
  onBackoff(timer: NodeJS.Timeout): void
}

/**
 * The provider's way to the token endpoint: one attempt at a time through the strategy, each
 * bounded by `timeoutMs`; transient failures retried up to `retry.limit` after a backoff with full
 * jitter, or after the endpoint's `Retry-After` (one longer than `retry.maxDelayMs` fails at once
 * with `rate_limited`); after close, no attempt and no backoff.
 *
 * @example
 * ```ts
 * const fetchWithRetry = createEndpointAttempts({ strategy, config, closed, callersWaiting, onBackoff })
 * const { grant, attempts } = await fetchWithRetry()
 * ```
 */
export function createEndpointAttempts(
  context: EndpointAttemptsContext,
): (previous?: string) => Promise<EndpointGrant> {
  const { strategy, config, closed } = context
  const { clock } = config

  async function fetchWithRetry(previous?: string): Promise<EndpointGrant> {
    for (let attempt = 1; ; attempt++) {
      try {
        const attemptStartedAt = clock()
        const grant = await (tokenRequestChannel.hasSubscribers
          ? traceTokenRequest(strategy.id, attempt, (trace) => attemptOnce(previous, trace))
          : attemptOnce(previous, undefined))
        return { grant, attempts: attempt, attemptStartedAt }
      } catch (caught) {
        const error = (caught as ZoomAuthError).derive({ attempts: attempt })
        if (closed.aborted) throw closedError()
        if (!RETRYABLE_CODES.has(error.code) || attempt > config.retry.limit) throw error
        if (error.retryAfterMs !== undefined && error.retryAfterMs > config.retry.maxDelayMs) {
          throw error.derive({
            code: 'rate_limited',
            message: `${error.message}; asked to retry after ${error.retryAfterMs} ms, longer than retry.maxDelayMs`,
          })
        }
        const backoffMs =
          Math.random() *
          Math.min(config.retry.maxDelayMs, config.retry.baseDelayMs * 2 ** (attempt - 1))
        await sleep(error.retryAfterMs ?? backoffMs)
      }
    }
  }

  async function attemptOnce(
    previous: string | undefined,
    trace: TokenRequestTraceContext | undefined,
  ): Promise<TokenGrant> {
    // Not every transport honours an aborted signal: after close, no request at all.
    if (closed.aborted) throw closedError()
    const attemptController = new AbortController()
    const timer = setTimeout(() => attemptController.abort(), config.timeoutMs)
    timer.unref()
    const signal = AbortSignal.any([attemptController.signal, closed])
    try {
      return await strategy.requestToken({
        fetch: trace ? statusNoting(config.fetch, trace) : config.fetch,
        signal,
        ...(previous !== undefined && { previous }),
      })
    } catch (error) {
      if (closed.aborted) throw closedError()
      if (attemptController.signal.aborted) {
        throw new ZoomAuthError(
          'timeout',
          `token endpoint did not answer within ${config.timeoutMs} ms`,
        )
      }
      if (isZoomAuthError(error)) throw error
      throw new ZoomAuthError(
        'network_error',
        `token request failed: ${scrubError(error).message}`,
        {
          cause: scrubError(error),
        },
      )
    } finally {
      clearTimeout(timer)
    }
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onClose = () => {
        clearTimeout(timer)
        reject(closedError())
      }
      const timer = setTimeout(() => {
        closed.removeEventListener('abort', onClose)
        resolve()
      }, ms)
      // A background refresh must never hold the process open; a caller's retry must not be cut short
      // (getToken refs it when a caller joins a background refresh).
      if (!context.callersWaiting()) timer.unref()
      context.onBackoff(timer)
      closed.addEventListener('abort', onClose, { once: true })
    })
  }

  return fetchWithRetry
}
