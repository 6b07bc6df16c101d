import { isZoomAuthError, type AdapterInput, type AdapterOptions } from '@zoom-auth/core'
import {
  cannotResend,
  createAuthorizer,
  redactAuthorization,
  type Authorizer,
} from '@zoom-auth/core/adapter'
import type {
  AfterResponseHook,
  BeforeErrorHook,
  BeforeRedirectHook,
  BeforeRequestHook,
  BeforeRetryHook,
  HandlerFunction,
  Options,
} from 'got'
import { callStateOf, startCallState } from './call-state.js'
import { placeHook } from './hook-order.js'
import { copyStreamBody, replayPlan, resendOptions } from './replay-body.js'
import { redactOptionsOnAbort, redactStreamOnAbort } from './redact-on-abort.js'
import type { ZoomAuthExtendOptions } from './types.js'

/**
 * Where a request names its user, for the users of a user-level app: got's per-request `context`,
 * which got merges from the instance's defaults, so `got.extend({ context: { zoomUser } })` gives
 * an instance its user.
 */
const USER_KEY = 'zoomUser'
const USER_OPTION = `context.${USER_KEY}`

/**
 * got options that add Zoom Server-to-Server OAuth to an instance: `got.extend(zoomAuth(creds))`.
 *
 * - Requests to a host in `hosts` carry `Authorization: Bearer <token>`; all others go through
 *   untouched (no header, no 401 handling). Plain `http:` gets a token only on a listed loopback host;
 *   an allowed non-loopback host over `http:` rejects with a `ZoomAuthError` of code `insecure_url`.
 * - Promise API: a 401 retires the token that request used and replays it once with a new one, body
 *   intact (`json`, `form`, a string, `Buffer` or typed array, a `FormData` encoded afresh, a stream
 *   up to `maxReplayBodyBytes`); the replay's own 401 is the caller's. 403 and 400 with Zoom code
 *   4711 are never refreshed. got's own retries, `throwHttpErrors`, `responseType`, `prefixUrl` and
 *   `got.paginate` work as without zoom-auth.
 * - Stream API (`got.stream`): the header is attached; a 401 reaches the caller as it is (a stream
 *   can't be replayed once data flows), and, when it is thrown as an `HTTPError`, the token it used
 *   is retired so the next request gets a new one.
 * - Token failures reject with the `ZoomAuthError` itself; got errors that leave the instance have
 *   their `authorization` header redacted.
 * - Given the users of a user-level app (`zoomAuth(users)`), each request is made as the user its
 *   `context.zoomUser` names (per request, or an instance default through `got.extend`); a request
 *   naming none rejects with `TypeError`, one whose user has no stored grant with
 *   `reauthorization_required`, before anything is sent. `zoomAuth(users.forUser(key))` makes every
 *   request as one user.
 *
 * The result is plain got options (a handler and hooks, see {@link ZoomAuthExtendOptions}), so it
 * composes with other `extend` calls, in any order.
 *
 * @example
 * ```ts
 * import got from 'got'
 * import { zoomAuth } from '@zoom-auth/got'
 *
 * const zoom = got.extend(
 *   { prefixUrl: 'https://api.zoom.us/v2/' },
 *   zoomAuth({
 *     accountId: process.env.ZOOM_ACCOUNT_ID!,
 *     clientId: process.env.ZOOM_CLIENT_ID!,
 *     clientSecret: process.env.ZOOM_CLIENT_SECRET!,
 *   }),
 * )
 * const me = await zoom('users/me').json()
 * ```
 */
export function zoomAuth(input: AdapterInput, options?: AdapterOptions): ZoomAuthExtendOptions {
  const authorizer = createAuthorizer(input, options, undefined, USER_OPTION)
  // A stream body is copied only when a 401 could use the copy.
  const copyBytes = options?.retryOnUnauthorized === false ? 0 : authorizer.maxReplayBodyBytes
  const beforeRequest = attachToken(authorizer, copyBytes)
  return {
    handlers: [startEachCall(beforeRequest)],
    hooks: {
      beforeRequest: [beforeRequest],
      afterResponse: [replayAfterUnauthorized],
      beforeRedirect: [keepTokenInOrigin],
      beforeRetry: [withholdTokenFromRetry],
      beforeError: [redactError, handBackTokenFailure],
    },
  }
}

/**
 * Handlers run once per `got()` call (hooks run per attempt), so this is where a call gets its own
 * state, even when its options were copied from an earlier call's response, where the body is kept
 * before got encodes it, and where our hooks take their places among the caller's (see
 * {@link placeHook}).
 */
function startEachCall(beforeRequest: BeforeRequestHook): HandlerFunction {
  return (options, next) => {
    // got hands handlers `undefined` when it failed to build the options; it reports that itself.
    if (options !== undefined) {
      startCallState(options)
      const { hooks } = options
      placeHook(hooks.beforeRequest, beforeRequest, 'last')
      placeHook(hooks.beforeRedirect, keepTokenInOrigin, 'first')
      placeHook(hooks.beforeRetry, withholdTokenFromRetry, 'first')
      placeHook(hooks.beforeError, redactError, 'first')
    }
    const result = next(options)
    // An abort or a signal timeout ends the call with destroy(), skipping beforeError hooks: redact
    // those errors here (and stop a body copy). Registered before the caller's handlers, so it runs
    // first.
    if (result instanceof Promise) result.catch(endFailedCall)
    else if (options?.signal) redactStreamOnAbort(result, options.signal)
    return result
  }
}

function endFailedCall(error: unknown): void {
  const options = (error as { options?: Partial<Pick<Options, 'headers' | 'context'>> } | undefined)
    ?.options
  if (options?.context) callStateOf(options.context)?.release()
  redactAuthorization(options?.headers)
}

/**
 * One hook for both APIs: `got.stream` returns its stream synchronously, so the token can only be
 * awaited here. Runs last (see {@link placeHook}), so the host check sees the URL your hooks chose.
 * Redirect hops keep the header they inherited (see {@link keepTokenInOrigin}); got's retries and
 * the replay inherit none (see {@link withholdTokenFromRetry}) and ask again.
 */
function attachToken(authorizer: Authorizer, copyBytes: number): BeforeRequestHook {
  return async (options) => {
    const state = callStateOf(options.context) ?? startCallState(options)
    if (!state.asked && options.url !== undefined) {
      let answer
      try {
        answer = await authorizer.authorize(
          options.url,
          options.signal,
          // Core checks it is a string (a TypeError otherwise): got types context values as unknown.
          options.context[USER_KEY] as string | undefined,
        )
      } catch (error) {
        // A request without its user: the caller's mistake, handed back as it is (see below).
        if (error instanceof TypeError) callerMistakes.add(error)
        throw error
      }
      state.asked = true
      // Aborted while the token was on its way: the request is dead, and its error must not carry it.
      if (options.signal?.aborted) return
      const first = state.call === undefined
      const call = state.adopt(answer)
      if (call === undefined) return
      options.headers.authorization = call.authorization
      // A stream body is copied as the call first sends it; a retry of got's finds it consumed.
      // Promise API only: got runs no afterResponse hook, so no replay, for a stream.
      if (first && copyBytes > 0 && !options.isStream)
        state.copy = copyStreamBody(state, options, copyBytes)
    }
    // A stream's retry is a Request our handler never saw: nothing else redacts its abort error.
    if (
      state.streamRetried &&
      options.signal &&
      state.call?.sentWith(options.headers.authorization)
    )
      redactOptionsOnAbort(options, options.signal)
  }
}

/**
 * got drops `authorization` on a redirect to another host or port, but not on one to another scheme
 * (`https://api.zoom.us` → `http://api.zoom.us`): that would send the token in clear text. The call
 * decides whether its token may follow; one that leaves the origin loses the header here, and the
 * call, having left, earns no replay from a 401 there. Runs first in `beforeRedirect`, so your hooks
 * never see the token go elsewhere. URLs are parsed only when a redirect comes.
 */
const keepTokenInOrigin: BeforeRedirectHook = (options) => {
  const call = callStateOf(options.context)?.call
  if (call === undefined || options.url === undefined) return
  // Asked even when got already dropped the header: the call must learn that it left.
  if (!call.mayFollow(options.url) && call.sentWith(options.headers.authorization))
    delete options.headers.authorization
}

/**
 * Runs first in `beforeRetry` (see {@link placeHook}): takes the token out of the failed attempt's
 * options, so neither the error your `beforeRetry` hooks get nor your `beforeRequest` hooks on the
 * retry see it; our `beforeRequest`, last, asks for it again on the URL the retry goes to. got runs
 * this for the replay too (`retryWithMergedOptions` is a retry to got). For a stream this matters
 * twice over: got builds its retry (`createRetryStream`) from these options without our handler,
 * and hands the failed attempt's error to the `'retry'` listener without running `beforeError`.
 */
const withholdTokenFromRetry: BeforeRetryHook = (error) => {
  const { options } = error
  const state = callStateOf(options.context)
  if (state === undefined) return
  // A stream body is gone once sent, and a retry does not bring it back.
  state.release()
  if (!state.call?.sentWith(options.headers.authorization)) return
  delete options.headers.authorization
  state.asked = false
  if (options.isStream) state.streamRetried = true
}

/**
 * Promise API only (got runs no `afterResponse` hooks for streams). The call decides: a 401 it
 * sent its token with earns one replay, which got's `retryWithMergedOptions` sends (it is not
 * bounded by `retry.limit`, and which hooks the replay runs differs between got majors, so the call
 * itself guarantees a single replay). A body got can't send again leaves the 401 as it is, the
 * token retired by the call.
 */
const replayAfterUnauthorized: AfterResponseHook = async (response, retryWithMergedOptions) => {
  const { options } = response.request
  const state = callStateOf(options.context)
  if (state === undefined) return response
  const { call } = state
  if (
    call === undefined ||
    // Without our header (a cross-origin redirect dropped it) the 401 says nothing about the token.
    !call.sentWith(options.headers.authorization) ||
    !call.earnsReplay(response.statusCode)
  ) {
    state.release()
    return response
  }
  const replay = await call.replay(options.signal, replayPlan(state, options.body))
  state.release()
  if (replay === undefined) return response
  return retryWithMergedOptions(resendOptions(state, replay, options))
}

/**
 * Runs first in `beforeError` (see {@link placeHook}), so that your hooks get the error with its
 * `authorization` header redacted. A stream's 401 is not replayed (data may already flow to the
 * caller), but the call still retires the token it used, for the requests after it.
 */
const redactError: BeforeErrorHook = (error) => {
  const options = error.options as Options | undefined
  if (options === undefined) return error
  const state = callStateOf(options.context)
  state?.release()
  const call = state?.call
  if (
    options.isStream &&
    error.response !== undefined &&
    call?.sentWith(options.headers.authorization) &&
    call.earnsReplay(error.response.statusCode)
  ) {
    // Resolves at once with nothing to resend: the call has retired its token by then.
    call.replay(undefined, cannotResend(undefined)).catch(() => {})
  }
  redactAuthorization(options.headers)
  return error
}

/** The TypeErrors the authorizer rejected a request with (no user, or a user it can't serve). */
const callerMistakes = new WeakSet<object>()

/**
 * A token failure is wrapped in got's `RequestError` (hooks' errors always are): the `ZoomAuthError`
 * itself is what the call rejects with, and so is the authorizer's `TypeError` for a request
 * without its user (not any TypeError: one of your hooks' stays wrapped, as got wraps it).
 */
const handBackTokenFailure: BeforeErrorHook = (error) =>
  isZoomAuthError(error.cause) || callerMistakes.has(error.cause as object)
    ? (error.cause as Error)
    : error
