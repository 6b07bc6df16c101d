import type { AdapterInput } from '@zoom-auth/core'
import { isZoomAuthError } from '@zoom-auth/core'
import {
  assertOptionalFunction,
  assertOptionsObject,
  createAuthorizer,
  discardResponse,
  headersWithToken,
  requestBodyReplay,
} from '@zoom-auth/core/adapter'
import { CALL_OPTION, CallSlot, CallSlots } from './call-slots.js'
import type { KyFetch, ZoomKyExtension, ZoomKyOptions } from './types.js'

/** What ky hands its `fetch` besides the Request: the options it doesn't know (ours among them). */
type FetchOnlyOptions = Record<string, unknown>

/**
 * The ky option naming the user a request is made as (the users of a user-level app): ky hands an
 * option it doesn't know to its `fetch` (ours), in ky 1 and ky 2 alike, and merges it from
 * `ky.create()`/`extend()` defaults, so it works per request and per instance.
 */
const USER_OPTION = 'zoomUser'

/**
 * ky options that give requests to Zoom `Authorization: Bearer <token>` and answer a 401 with one
 * replay with a fresh token. Works with ky 1 and ky 2; pass the result to `ky.create()` or
 * `api.extend()`.
 *
 * The work happens in ky's `fetch` option, below ky's hooks, retries and timeout: the token is set
 * on the request as it is sent and never on ky's own `Request`, so ky's errors and your hooks never
 * see it (`afterResponse` hooks would cost a response clone each). Each ky call has one
 * `AuthorizedCall` of core, kept across ky's retries (see {@link CallSlots}). A `fetch` of your own
 * goes to `zoomAuth(input, { fetch })`.
 *
 * - Requests to hosts outside `hosts` go through untouched: no header, no 401 handling.
 * - Plain `http:` gets a token only on a listed loopback host; an allowed non-loopback host over
 *   `http:` rejects with a `ZoomAuthError` of code `insecure_url`.
 * - A 401 replays once per ky call, body intact (copied up to `maxReplayBodyBytes`): it works with
 *   `retry: 0` and costs none of ky's retries. The replay's own 401 is the caller's. 403, and 400
 *   with Zoom code 4711, are left alone.
 * - Token failures reject with the `ZoomAuthError` itself, which ky does not retry.
 * - Given the users of a user-level app (`zoomAuth(users)`), each request is made as the user its
 *   `zoomUser` option names (per request, or a default of `ky.create()`/`extend()`); a request
 *   naming none rejects with `TypeError`, one whose user has no stored grant with
 *   `reauthorization_required`, before anything is sent. `zoomAuth(users.forUser(key))` makes
 *   every request as one user.
 *
 * @example
 * ```ts
 * import ky from 'ky'
 * import { zoomAuth } from '@zoom-auth/ky'
 *
 * const zoom = ky.create({ prefixUrl: 'https://api.zoom.us/v2' }).extend(
 *   zoomAuth({
 *     accountId: process.env.ZOOM_ACCOUNT_ID!,
 *     clientId: process.env.ZOOM_CLIENT_ID!,
 *     clientSecret: process.env.ZOOM_CLIENT_SECRET!,
 *   }),
 * )
 * const me = await zoom.get('users/me').json()
 * ```
 */
export function zoomAuth(input: AdapterInput, options: ZoomKyOptions = {}): ZoomKyExtension {
  assertOptionsObject(options)
  const { fetch: fetchOption, ...adapterOptions } = options
  assertOptionalFunction(fetchOption, 'fetch')
  const authorizer = createAuthorizer(
    input,
    adapterOptions,
    fetchOption as typeof fetch | undefined,
    `the ${USER_OPTION} option`,
  )
  const maxBytes = authorizer.maxReplayBodyBytes
  // Looked up per request, so a global fetch stubbed after zoomAuth() is still the one used.
  const transport = () => fetchOption ?? (globalThis.fetch as KyFetch)

  // ky 1 calls it as a method of the call's options: `this` is how it finds the call (CallSlots).
  async function kyFetch(
    this: unknown,
    request: Request,
    init?: FetchOnlyOptions,
  ): Promise<Response> {
    // The slot and the user are ours: they go nowhere near the transport.
    const { [CALL_OPTION]: attached, [USER_OPTION]: user, ...fetchOptions } = init ?? {}
    const slot = slots.of(attached, this)
    const url = request.url // a getter that serialises the URL each time
    let call = slot?.callFor(url)
    if (call === undefined) {
      try {
        // Core checks it is a string (a TypeError otherwise): ky hands it on untyped.
        call = await authorizer.authorize(url, request.signal, user as string | undefined)
      } catch (error) {
        // A request without its user: the caller's mistake, which ky 1 would retry (see below).
        if (error instanceof TypeError) callerMistakes.add(error)
        throw error
      }
      if (call === undefined) return transport()(request, fetchOptions)
      slot?.keep(call)
    }

    // ky turns every body into its Request's stream: copied from request.clone(), taken before the
    // first send (ky 2 with retry: 0 keeps no clone of its own), so even a FormData goes again with
    // the very bytes and boundary first sent.
    const body = requestBodyReplay(request, { maxBytes })
    // Given in init, headers replace the Request's own for this send only: ky's Request (held by its
    // errors and your hooks) never holds the token.
    fetchOptions.headers = headersWithToken(request.headers, call.authorization)
    let response: Response
    try {
      response = await transport()(request, fetchOptions)
    } catch (error) {
      body?.release()
      throw error
    }
    if (!call.earnsReplay(response.status, () => response.url)) {
      body?.release()
      return response
    }
    // Without a body the replay goes for sure: the 401 is drained while the new token comes.
    const draining = body === undefined ? discardResponse(response) : undefined
    let replay
    try {
      replay = await call.replay(request.signal, body)
    } catch (error) {
      // Aborted (ky's timeout included) or no token: nobody reads the 401.
      if (draining === undefined) void discardResponse(response)
      throw error
    }
    // The body can't be sent again: the call has retired the token; ky gets the 401.
    if (replay === undefined) return response
    await (draining ?? discardResponse(response))
    const headers = headersWithToken(request.headers, replay.authorization)
    // The Request's body was read by the first send; a body given in init replaces it.
    return transport()(
      request,
      body ? { ...fetchOptions, body: replay.body, headers } : { ...fetchOptions, headers },
    )
  }

  const callerMistakes = new WeakSet<object>()
  const beforeRetry = ({ error }: { error: unknown }): void => {
    // The provider already retried the token endpoint; ky 1 would otherwise retry our failure
    // again, as it would retry a request without its user, which no retry can mend.
    if (isZoomAuthError(error) || callerMistakes.has(error as object)) throw error
  }

  /**
   * ky 2 only (ky 1 has no init hooks); runs once per call, on the call's own options: gives the
   * call its slot, and refuses a `fetch` set on ky after zoomAuth(), which would bypass it.
   */
  const init = (callOptions: { fetch?: unknown }): void => {
    if (callOptions.fetch !== undefined && callOptions.fetch !== kyFetch)
      throw new TypeError(
        "zoom-auth: ky's fetch option was set after zoomAuth() and would send requests without a token; pass your fetch to zoomAuth(input, { fetch }) instead",
      )
    ;(callOptions as Record<string, unknown>)[CALL_OPTION] = new CallSlot()
  }

  const extension: ZoomKyExtension = {
    fetch: kyFetch as typeof fetch,
    hooks: { beforeRetry: [beforeRetry], init: [init] },
  }
  const slots = new CallSlots(extension)
  return extension
}
