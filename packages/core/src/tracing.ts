import { tracingChannel, type TracingChannel } from 'node:diagnostics_channel'
import { isZoomAuthError, type ZoomAuthErrorCode } from './errors.js'
import type { AccessToken } from './types.js'

/**
 * One `getToken()`, from the caller's view (and each refresh the provider starts ahead of expiry,
 * with `background: true`): `tracing:zoom-auth.getToken:start|end|asyncStart|asyncEnd|error`.
 * Context: {@link GetTokenTraceContext}.
 *
 * @example
 * ```ts
 * import { tracingChannel } from 'node:diagnostics_channel'
 * tracingChannel(GET_TOKEN_CHANNEL_NAME).subscribe({
 *   asyncEnd: (context) => console.log((context as GetTokenTraceContext).outcome),
 * })
 * ```
 */
export const GET_TOKEN_CHANNEL_NAME = 'zoom-auth.getToken'

/**
 * One attempt at the token endpoint (a fetch makes up to `retry.limit + 1`):
 * `tracing:zoom-auth.tokenRequest:start|end|asyncStart|asyncEnd|error`. Context:
 * {@link TokenRequestTraceContext}. The transport's own HTTP span (undici's) happens inside it.
 *
 * @example
 * ```ts
 * tracingChannel(TOKEN_REQUEST_CHANNEL_NAME).subscribe({
 *   asyncEnd: ({ attempt, status, code }) => console.log(attempt, status, code ?? 'ok'),
 * })
 * ```
 */
export const TOKEN_REQUEST_CHANNEL_NAME = 'zoom-auth.tokenRequest'

/**
 * One replay after a 401 (`AuthorizedCall.replay`): retiring the token, the new one, the body copy:
 * `tracing:zoom-auth.replay:start|end|asyncStart|asyncEnd|error`. Context: {@link ReplayTraceContext}.
 *
 * @example
 * ```ts
 * tracingChannel(REPLAY_CHANNEL_NAME).subscribe({ asyncEnd: ({ host, outcome }) => console.log(host, outcome) })
 * ```
 */
export const REPLAY_CHANNEL_NAME = 'zoom-auth.replay'

/**
 * What every context object carries. None ever holds a token, a secret, a code or a verifier:
 * `result` (which `TracingChannel.tracePromise` would set to the token) is never set.
 */
export interface TraceContext {
  /** The strategy's id (`zoom:account_credentials:…`, a fingerprint, never the secret). */
  readonly strategy: string
  /** The error's code, when the operation failed with a `ZoomAuthError`. */
  code?: ZoomAuthErrorCode
  /** What the operation rejected with (a `ZoomAuthError`, or an abort's reason); set before `error`. */
  error?: unknown
}

/**
 * How a `getToken()` got its answer:
 * `cache_hit` the provider's memory; `joined` a fetch already in flight (another caller's or a
 * background refresh); `from_store` the store, from another process; `waited` the store, after
 * waiting for the process holding the fleet's fetch lock; `fetched` the token endpoint;
 * `cooldown` rejected at once after a failure that asked for a pause; `rejected` at once, the
 * provider closed or the signal already aborted.
 *
 * @example
 * ```ts
 * const served: GetTokenOutcome[] = ['cache_hit', 'joined']
 * ```
 */
export type GetTokenOutcome =
  'cache_hit' | 'joined' | 'from_store' | 'waited' | 'fetched' | 'cooldown' | 'rejected'

/**
 * The context of {@link GET_TOKEN_CHANNEL_NAME}. `outcome` is known at `end` for a cache hit,
 * else at `asyncStart`; a failure keeps the way it went (`fetched`, `joined`…) and adds `code`.
 *
 * @example
 * ```ts
 * const onAsyncEnd = (context: GetTokenTraceContext) => metrics.count(context.outcome, context.code)
 * ```
 */
export interface GetTokenTraceContext extends TraceContext {
  /** True for the provider's own refresh ahead of expiry, started by a cache hit; no caller waits. */
  readonly background: boolean
  /** The caller asked to skip the cache (`getToken({ forceRefresh: true })`). */
  readonly forceRefresh: boolean
  /** How the answer came; see {@link GetTokenOutcome}. */
  outcome?: GetTokenOutcome
  /** A cache hit inside the refresh-ahead window started a background refresh. */
  refreshStarted?: boolean
  /** Since the token was issued, when handed out (tokens stored by old versions have no issue time). */
  tokenAgeMs?: number
  /** Until the token expires, when handed out. */
  expiresInMs?: number
  /** The failure put the provider in a cooldown this long: callers fail fast until it ends. */
  cooldownMs?: number
}

/**
 * The context of {@link TOKEN_REQUEST_CHANNEL_NAME}.
 *
 * @example
 * ```ts
 * const onAsyncEnd = ({ attempt, status, retryAfterMs }: TokenRequestTraceContext) => {}
 * ```
 */
export interface TokenRequestTraceContext extends TraceContext {
  /** 1 for the first attempt of a fetch. */
  readonly attempt: number
  /** The endpoint's HTTP status (absent when no answer came: timeout, network error). */
  status?: number
  /** The endpoint's `Retry-After`, in ms. */
  retryAfterMs?: number
}

/**
 * The context of {@link REPLAY_CHANNEL_NAME}.
 *
 * @example
 * ```ts
 * const onAsyncEnd = ({ host, outcome }: ReplayTraceContext) => {}
 * ```
 */
export interface ReplayTraceContext extends TraceContext {
  /** The API host that answered 401 (`api.zoom.us`). */
  readonly host: string
  /** The status that earned the replay: 401. */
  readonly status: number
  /** `resend`: the call resends with a new token; `cannot_resend`: the body can't be sent again. */
  outcome?: 'resend' | 'cannot_resend'
}

export const getTokenChannel = tracingChannel<unknown, GetTokenTraceContext>(GET_TOKEN_CHANNEL_NAME)
export const tokenRequestChannel = tracingChannel<unknown, TokenRequestTraceContext>(
  TOKEN_REQUEST_CHANNEL_NAME,
)
export const replayChannel = tracingChannel<unknown, ReplayTraceContext>(REPLAY_CHANNEL_NAME)

/**
 * Publishes one `getToken` on {@link getTokenChannel}; `run` fills in the outcome. Callers check
 * `getTokenChannel.hasSubscribers` first, so nothing here is allocated on an untraced hot path.
 */
export function traceGetToken(
  strategy: string,
  options: { forceRefresh: boolean; background: boolean },
  clock: () => number,
  run: (context: GetTokenTraceContext) => Promise<AccessToken>,
): Promise<AccessToken> {
  const context: GetTokenTraceContext = { strategy, ...options }
  return traceAsync(
    getTokenChannel,
    context,
    () => run(context),
    (token) => {
      const now = clock()
      if (token.issuedAt !== undefined) context.tokenAgeMs = now - token.issuedAt
      context.expiresInMs = token.expiresAt - now
    },
  )
}

/** Publishes one token-endpoint attempt on {@link tokenRequestChannel}. */
export function traceTokenRequest<T>(
  strategy: string,
  attempt: number,
  run: (context: TokenRequestTraceContext) => Promise<T>,
): Promise<T> {
  const context: TokenRequestTraceContext = { strategy, attempt }
  return traceAsync(
    tokenRequestChannel,
    context,
    () => run(context),
    undefined,
    (error) => {
      if (!isZoomAuthError(error)) return
      if (error.status !== undefined) context.status = error.status
      if (error.retryAfterMs !== undefined) context.retryAfterMs = error.retryAfterMs
    },
  )
}

/**
 * The attempt's transport, noting each answer's status on `context` (a strategy reads the body;
 * only the status is kept).
 */
export function statusNoting(
  fetch: typeof globalThis.fetch,
  context: TokenRequestTraceContext,
): typeof globalThis.fetch {
  return (input, init) =>
    fetch(input, init).then((response) => {
      context.status = response.status
      return response
    })
}

/** Publishes one replay on {@link replayChannel}. */
export function traceReplay<T>(
  strategy: string,
  host: string,
  run: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const context: ReplayTraceContext = { strategy, host, status: 401 }
  return traceAsync(replayChannel, context, run, (replay) => {
    context.outcome = replay === undefined ? 'cannot_resend' : 'resend'
  })
}

/**
 * `TracingChannel.tracePromise`, minus `context.result` (it would be the token): `start` around
 * the synchronous part (stores bound to `start` — a tracer's context — stay active in everything
 * `run` starts), `end` when it returns, `error`, `asyncStart` and `asyncEnd` when it settles.
 */
function traceAsync<C extends TraceContext, T>(
  channel: TracingChannel<unknown, C>,
  context: C,
  run: () => Promise<T>,
  onResult?: (result: T) => void,
  onError?: (error: unknown) => void,
): Promise<T> {
  return channel.start.runStores(context, () => {
    let pending: Promise<T>
    try {
      pending = run()
    } catch (error) {
      failed(error)
      throw error
    } finally {
      channel.end.publish(context)
    }
    return pending.then(
      (result) => {
        onResult?.(result)
        settled()
        return result
      },
      (error: unknown) => {
        failed(error)
        settled()
        throw error
      },
    )
  })

  function failed(error: unknown): void {
    context.error = error
    if (isZoomAuthError(error)) context.code = error.code
    onError?.(error)
    channel.error.publish(context)
  }

  function settled(): void {
    channel.asyncStart.publish(context)
    channel.asyncEnd.publish(context)
  }
}
