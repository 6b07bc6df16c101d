import type { AdapterInput, AdapterOptions } from '@zoom-auth/core'
import {
  assertFunction,
  assertOptionsObject,
  createAuthorizer,
  type AuthorizedCall,
} from '@zoom-auth/core/adapter'
import { ControllerReplayHandler } from './controller-replay-handler.js'
import { dispatchBodyReplay } from './dispatch-body-replay.js'
import { abortSignalOf, targetUrl } from './dispatch-target.js'
import { failHandler } from './fail-handler.js'
import { isControllerHandler } from './handler-types.js'
import { LegacyReplayHandler } from './legacy-replay-handler.js'
import { oauthEndpoints } from './oauth-endpoints.js'
import type { UndiciDispatch, UndiciDispatchOptions, ZoomAuthInterceptor } from './types.js'
import { UnauthorizedReplay } from './unauthorized-replay.js'

/** The request option naming the user a request is made as, for the users of a user-level app. */
const USER_OPTION = 'zoomUser'

/**
 * An undici interceptor that gives requests bound for Zoom `Authorization: Bearer <token>` and answers
 * a 401 with exactly one replay with a fresh token. One line authenticates Node's global `fetch` and
 * every undici call in the process:
 * `setGlobalDispatcher(getGlobalDispatcher().compose(zoomAuth(credentials)))`.
 *
 * - Requests to hosts outside `hosts` are dispatched untouched: no header, no 401 handling; so are the
 *   provider's own OAuth requests (the token endpoint and its folder), which the global dispatcher
 *   carries too. Plain `http:` gets a token only on a listed loopback host; an allowed non-loopback
 *   host over `http:` fails with a `ZoomAuthError` of code `insecure_url` before anything is sent.
 * - A 401 never reaches the handler (undici.request, fetch…) when it earns the replay: the request
 *   is dispatched once more, body intact (a stream or iterable copied up to `maxReplayBodyBytes`); the
 *   replay's own answer, a 401 included, is the caller's. 403, and 400 with Zoom code 4711, pass as
 *   they are.
 * - The token stays within the origin it was sent to, whichever side of undici's `redirect`
 *   interceptor this one is composed on; a 401 after leaving it earns no replay.
 * - Token failures fail the request with the `ZoomAuthError` itself; `undici.request`'s `signal` also
 *   cancels the wait for a token.
 * - Given the users of a user-level app (`zoomAuth(users)`), each request is made as the user its
 *   `zoomUser` option names (`request(url, { zoomUser })`: undici hands the caller's options to the
 *   dispatch chain, and never sends an option it doesn't know). A request to Zoom naming none fails
 *   with `TypeError`, one whose user has no stored grant with `reauthorization_required`, before
 *   anything is sent. `fetch` hands its dispatcher no options of the caller's: compose
 *   `zoomAuth(users.forUser(key))` into the dispatcher of that user's requests instead.
 *
 * The interceptor works with undici 6.11 and later, both handler APIs (undici 6's `onHeaders`…, 7 and
 * 8's `onResponseStart`…), and anything that dispatches through a composed dispatcher: `fetch`,
 * `request`, `stream`, `Agent`, `Pool`, `Client`.
 *
 * @example
 * ```ts
 * import { getGlobalDispatcher, setGlobalDispatcher } from 'undici'
 * import { zoomAuth } from '@zoom-auth/undici'
 *
 * setGlobalDispatcher(
 *   getGlobalDispatcher().compose(
 *     zoomAuth({
 *       accountId: process.env.ZOOM_ACCOUNT_ID!,
 *       clientId: process.env.ZOOM_CLIENT_ID!,
 *       clientSecret: process.env.ZOOM_CLIENT_SECRET!,
 *     }),
 *   ),
 * )
 * const me = await (await fetch('https://api.zoom.us/v2/users/me')).json()
 * ```
 */
export function zoomAuth(input: AdapterInput, options: AdapterOptions = {}): ZoomAuthInterceptor {
  assertOptionsObject(options)
  const authorizer = createAuthorizer(input, options, undefined, `the ${USER_OPTION} option`)
  // A body is copied only when a 401 could use the copy.
  const replays = options.retryOnUnauthorized !== false
  const maxBytes = authorizer.maxReplayBodyBytes
  const isOAuthEndpoint = oauthEndpoints(authorizer, input)
  // The call of each handler that may come through again: undici's redirect and retry interceptors,
  // composed outside this one, dispatch every hop and attempt of one call with the same handler.
  // Kept only once a response is not a success, or fails (what makes them dispatch again), so a 2xx
  // costs no WeakMap entry.
  const calls = new WeakMap<object, AuthorizedCall>()

  return function zoomAuthInterceptor(dispatch, composedOrigin) {
    assertFunction(dispatch, 'dispatch')
    const next = dispatch as unknown as UndiciDispatch

    function sendAuthorized(
      call: AuthorizedCall,
      opts: UndiciDispatchOptions,
      handler: object,
      signal: AbortSignal | undefined,
    ) {
      const plan = replays ? dispatchBodyReplay(opts.body, maxBytes) : undefined
      const remember = () => calls.set(handler, call)
      const attempt = new UnauthorizedReplay(call, opts, plan, next, signal, remember)
      const wrapped = isControllerHandler(handler)
        ? new ControllerReplayHandler(handler, attempt)
        : new LegacyReplayHandler(handler, attempt)
      try {
        return next(attempt.firstOptions(), wrapped)
      } catch (error) {
        attempt.failed()
        throw error
      }
    }

    // Exactly two parameters: undici 6's compose() refuses any other length.
    return function zoomAuthDispatch(opts, handler) {
      const url = targetUrl(opts, composedOrigin)
      if (url === undefined || isOAuthEndpoint(url)) return next(opts, handler)
      const known = calls.get(handler)
      if (known !== undefined) {
        // Another hop or attempt of a call already under way: the token follows only within its origin.
        return known.mayFollow(url)
          ? sendAuthorized(known, opts, handler, abortSignalOf(opts))
          : next(opts, handler)
      }
      const signal = abortSignalOf(opts)
      const fail = (error: unknown) => failHandler(handler, error)
      authorizer.authorize(url, signal, userOf(opts)).then((call) => {
        try {
          if (call === undefined) next(opts, handler)
          else sendAuthorized(call, opts, handler, signal)
        } catch (error) {
          fail(error)
        }
      }, fail)
      // undici expects a boolean now; the request goes out once the token is there.
      return true
    }
  }
}

/** The user a request names; core checks it is a string (a `TypeError` otherwise). */
function userOf(opts: UndiciDispatchOptions): string | undefined {
  return (opts as { [USER_OPTION]?: string })[USER_OPTION]
}
