import {
  createRequestPolicy,
  isZoomAuthError,
  redactAuthorization,
  type AdapterInput,
  type AdapterOptions,
  type RequestPolicy,
} from '@zoom-auth/core'
import type {
  AfterResponseHook,
  BeforeErrorHook,
  BeforeRedirectHook,
  BeforeRequestHook,
  BeforeRetryHook,
  HandlerFunction,
  Options,
} from 'got'
import { placeHook } from './hook-order.js'
import { isReplayableBody } from './replayable-body.js'
import { redactOptionsOnAbort, redactStreamOnAbort } from './redact-on-abort.js'
import { bearer, requestAuth, startRequestAuth } from './request-auth.js'
import type { ZoomAuthExtendOptions } from './types.js'

/**
 * got options that add Zoom Server-to-Server OAuth to an instance: `got.extend(zoomAuth(creds))`.
 *
 * - Requests to a host in `hosts` carry `Authorization: Bearer <token>`; all others go through
 *   untouched (no header, no 401 handling). Plain `http:` gets a token only on a listed loopback host;
 *   an allowed non-loopback host over `http:` rejects with a `ZoomAuthError` of code `insecure_url`.
 * - Promise API: a 401 retires the token that request used and replays it once with a new one, body
 *   intact (`json`, `form`, string or `Buffer` bodies); the replay's own 401 is the caller's. 403 and
 *   400 with Zoom code 4711 are never refreshed. got's own retries, `throwHttpErrors`,
 *   `responseType`, `prefixUrl` and `got.paginate` work as without zoom-auth.
 * - Stream API (`got.stream`): the header is attached; a 401 reaches the caller as it is (a stream
 *   can't be replayed once data flows), and, when it is thrown as an `HTTPError`, the token it used
 *   is retired so the next request gets a new one.
 * - Token failures reject with the `ZoomAuthError` itself; got errors that leave the instance have
 *   their `authorization` header redacted.
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
  const policy = createRequestPolicy(input, options)
  const beforeRequest = attachToken(policy)
  const beforeError = redactError(policy)
  return {
    handlers: [startEachCall({ beforeRequest, beforeError })],
    hooks: {
      beforeRequest: [beforeRequest],
      afterResponse: [replayAfterUnauthorized(policy)],
      beforeRedirect: [keepTokenInOrigin],
      beforeRetry: [withholdTokenFromRetry],
      beforeError: [beforeError, handBackTokenFailure],
    },
  }
}

/**
 * Handlers run once per `got()` call (hooks run per attempt), so this is where a call gets its own
 * state, even when its options were copied from an earlier call's response, and where our hooks take
 * their places among the caller's (see {@link placeHook}).
 */
function startEachCall(ours: {
  beforeRequest: BeforeRequestHook
  beforeError: BeforeErrorHook
}): HandlerFunction {
  return (options, next) => {
    // got hands handlers `undefined` when it failed to build the options; it reports that itself.
    if (options !== undefined) {
      startRequestAuth(options.context, options.headers)
      const { hooks } = options
      placeHook(hooks.beforeRequest, ours.beforeRequest, 'last')
      placeHook(hooks.beforeRedirect, keepTokenInOrigin, 'first')
      placeHook(hooks.beforeRetry, withholdTokenFromRetry, 'first')
      placeHook(hooks.beforeError, ours.beforeError, 'first')
    }
    const result = next(options)
    // An abort or a signal timeout ends the call with destroy(), skipping beforeError hooks: redact
    // those errors here. Registered before the caller's handlers, so it runs first.
    if (result instanceof Promise) result.catch(redactErrorOptions)
    else if (options?.signal) redactStreamOnAbort(result, options.signal)
    return result
  }
}

function redactErrorOptions(error: unknown): void {
  redactAuthorization((error as { options?: { headers?: unknown } } | undefined)?.options?.headers)
}

/**
 * One hook for both APIs: `got.stream` returns its stream synchronously, so the token can only be
 * awaited here. Runs last (see {@link placeHook}), so the host check sees the URL your hooks chose.
 * Redirect hops keep the header they inherited (got strips it on cross-origin redirects); got's
 * retries and the replay inherit none (see {@link withholdTokenFromRetry}) and ask again.
 */
function attachToken(policy: RequestPolicy): BeforeRequestHook {
  return async (options) => {
    const auth = requestAuth(options.context) ?? startRequestAuth(options.context, options.headers)
    if (!auth.decided && options.url !== undefined) {
      const token = await policy.tokenFor(options.url, options.signal)
      auth.decided = true
      // Aborted while the token was on its way: the request is dead, and its error must not carry it.
      if (token === undefined || options.signal?.aborted) return
      auth.token = token
      options.headers.authorization = bearer(token)
    }
    // A stream's retry is a Request our handler never saw: nothing else redacts its abort error.
    if (auth.streamRetried && options.signal && auth.sentWith(options.headers))
      redactOptionsOnAbort(options, options.signal)
  }
}

/**
 * got drops `authorization` on a redirect to another host or port, but not on one to another scheme
 * (`https://api.zoom.us` → `http://api.zoom.us`): that would send the token in clear text. Any
 * redirect that leaves the origin loses it here; the hop then is not ours, and its 401 earns no
 * replay. Runs first in `beforeRedirect`, so your hooks never see the token go elsewhere. URLs are
 * parsed only when a redirect comes.
 */
const keepTokenInOrigin: BeforeRedirectHook = (options, response) => {
  const auth = requestAuth(options.context)
  if (!auth?.sentWith(options.headers) || options.url === undefined) return
  if (new URL(options.url).origin !== new URL(response.url).origin)
    delete options.headers.authorization
}

/**
 * Runs first in `beforeRetry` (see {@link placeHook}): takes the token out of the failed attempt's
 * options, so neither the error your `beforeRetry` hooks get nor your `beforeRequest` hooks on the
 * retry see it; our `beforeRequest`, last, asks for it again on the URL the retry goes to. For a
 * stream this matters twice over: got builds its retry (`createRetryStream`) from these options
 * without our handler, and hands the failed attempt's error to the `'retry'` listener without
 * running `beforeError`.
 */
const withholdTokenFromRetry: BeforeRetryHook = (error) => {
  const { options } = error
  const auth = requestAuth(options.context)
  if (!auth?.sentWith(options.headers)) return
  delete options.headers.authorization
  auth.decided = false
  if (options.isStream) auth.streamRetried = true
}

/**
 * Promise API only (got runs no `afterResponse` hooks for streams). `retryWithMergedOptions` is not
 * bounded by `retry.limit`, and which hooks the replay runs differs between got majors, so the call's
 * own `replayed` flag is what guarantees a single replay.
 */
function replayAfterUnauthorized(policy: RequestPolicy): AfterResponseHook {
  return async (response, retryWithMergedOptions) => {
    const { options } = response.request
    const auth = requestAuth(options.context)
    const usedToken = auth?.token
    if (
      auth === undefined ||
      usedToken === undefined ||
      auth.replayed ||
      !policy.shouldReplay(response.statusCode) ||
      // Without our header (a cross-origin redirect dropped it) the 401 says nothing about the token.
      !auth.sentWith(options.headers)
    )
      return response
    if (!isReplayableBody(options.body)) {
      // The 401 still proves the token bad: retire it so the next request doesn't meet it too.
      policy.retire(usedToken)
      return response
    }
    auth.replayed = true
    const token = await policy.tokenForReplay(usedToken, urlOf(options), options.signal)
    auth.token = token
    return retryWithMergedOptions({ headers: { authorization: bearer(token) } })
  }
}

/**
 * Runs first in `beforeError` (see {@link placeHook}), so that your hooks get the error with its
 * `authorization` header redacted.
 */
function redactError(policy: RequestPolicy): BeforeErrorHook {
  return (error) => {
    const options = error.options as Options | undefined
    if (options === undefined) return error
    const auth = requestAuth(options.context)
    const usedToken = auth?.token
    if (
      options.isStream &&
      usedToken !== undefined &&
      error.response !== undefined &&
      policy.shouldReplay(error.response.statusCode) &&
      auth?.sentWith(options.headers)
    ) {
      // A stream is not replayed, but its 401 still retires the token for the requests after it.
      policy.retire(usedToken)
    }
    redactAuthorization(options.headers)
    return error
  }
}

/**
 * A token failure is wrapped in got's `RequestError` (hooks' errors always are): the `ZoomAuthError`
 * itself is what the call rejects with.
 */
const handBackTokenFailure: BeforeErrorHook = (error) =>
  isZoomAuthError(error.cause) ? error.cause : error

function urlOf(options: Options): string | URL {
  // After the first attempt got always holds a URL here; the fallback only satisfies the types.
  return options.url ?? ''
}
