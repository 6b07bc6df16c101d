import {
  createRequestPolicy,
  isTokenProvider,
  isInMemoryBody,
  isZoomAuthError,
  redactAuthorization,
  type AdapterInput,
  type AdapterOptions,
} from '@zoom-auth/core'
import { readErrorHook, readRequestHook, type KyHookOptions } from './hook-arguments.js'
import { redactKyError } from './redact-ky-error.js'
import { RequestStates, type RequestState } from './request-state.js'
import { captureReplaySource, prepareReplay, releaseReplaySource } from './replay-request.js'
import { fetchOnlyOptions, sendWithTimeout } from './send-replay.js'
import type { KyFetch, ZoomKyExtension, ZoomKyOptions } from './types.js'

/**
 * A ky `fetch` and hooks that give requests to Zoom `Authorization: Bearer <token>` and answer a 401
 * with one replay with a fresh token. Works with ky 1 and ky 2; pass the result to `ky.create()` or
 * `api.extend()`, where its hooks join the hooks you already have. A ky `fetch` of yours given after
 * it (a later `extend()`, or per call) is the one it sends through; one given before it is replaced.
 *
 * - Requests to hosts outside `hosts` go through untouched: no header, no 401 handling.
 * - Plain `http:` gets a token only on a listed loopback host; an allowed non-loopback host over
 *   `http:` rejects with a `ZoomAuthError` of code `insecure_url`.
 * - A 401 replays once, body intact (see the README for which bodies), inside ky's `fetch`, before ky
 *   sees the 401: the replay works with `retry: 0` and costs none of ky's retries. The replay's own
 *   401 is the caller's.
 *   403, and 400 with Zoom code 4711, are left alone.
 * - Token failures reject with the `ZoomAuthError` itself, which ky does not retry.
 * - Errors ky throws have the `Authorization` value redacted.
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
  if (typeof options !== 'object' || options === null)
    throw new TypeError('zoom-auth: options must be an object')
  const { fetch: fetchOption, ...adapterOptions } = options
  if (fetchOption !== undefined && typeof fetchOption !== 'function')
    throw new TypeError('zoom-auth: "fetch" must be a function')
  const policy = createRequestPolicy(
    withTokenTransport(input, fetchOption),
    adapterOptions satisfies AdapterOptions,
  )
  const states = new RequestStates()
  /** The state of each request `beforeRequest` prepared, for ky's `fetch` (ky 1 hands it that very request). */
  const prepared = new WeakMap<Request, RequestState>()
  // Looked up per request, so a global fetch stubbed after zoomAuth() is still the one used.
  const globalFetch: KyFetch = (request, init?: RequestInit) => globalThis.fetch(request, init)

  /** ky's `fetch` while no `fetch` of the caller's comes after it; ky 2 calls get their own in `init`. */
  const zoomFetch: KyFetch = (request, init?: unknown) =>
    exchange(request, init, prepared.get(request), globalFetch)

  /**
   * ky 2 runs `init` hooks on each call's options before anything else, `fetch` included: the call
   * gets a fetch of its own around whichever fetch won ky's merge (ky 1 ignores this hook).
   */
  function init(options: { context?: unknown; fetch?: unknown }): void {
    // Without a context of its own the call gets one here, so that every hook finds its state.
    if (typeof options.context !== 'object' || options.context === null) options.context = {}
    const state = states.open(options)
    const transport =
      typeof options.fetch === 'function' && options.fetch !== zoomFetch
        ? (options.fetch as KyFetch)
        : globalFetch
    options.fetch = (request: Request, init?: unknown) => exchange(request, init, state, transport)
  }

  async function beforeRequest(...args: unknown[]): Promise<Response | undefined> {
    const { form, request, options } = readRequestHook(args)
    const signal = options.signal ?? undefined
    const token = await abortable(policy.tokenFor(request.url, signal), signal)
    const state = states.open(options)
    prepared.set(request, state)
    if (token === undefined) {
      // A retry ky 1 sends elsewhere (a beforeRetry hook swapped the Request) sheds our header.
      if (state.token !== undefined && carries(request, state.token))
        request.headers.delete('authorization')
      delete state.token
      return
    }
    // Set here, not only in fetch: later hooks, ky's copy for its retries and its errors all see it.
    request.headers.set('authorization', `Bearer ${token}`)
    state.token = token
    // ky 1 runs this hook again for each of its retries; the body is decided once per call.
    if (state.body === undefined && isInMemoryBody(options.body)) state.body = options.body
    // ky 1 shows hooks its `fetch`: one that is not zoomAuth's won ky's merge, and zoomAuth sends
    // the request from here through it (ky 2 hides `fetch` here; its `init` hook wrapped the winner).
    if (form === 'positional' && typeof options.fetch === 'function' && options.fetch !== zoomFetch)
      return sendFromHook(request, options, state, options.fetch as KyFetch)
    return
  }

  /**
   * Sends `kyRequest` through the caller's fetch and hands ky the response, so its own fetch is
   * skipped. A copy goes out: ky keeps its request, body intact, for its retries.
   */
  function sendFromHook(
    kyRequest: Request,
    options: KyHookOptions,
    state: RequestState,
    transport: KyFetch,
  ): Promise<Response> {
    const init = fetchOnlyOptions(options)
    const request = kyRequest.body === null ? kyRequest : kyRequest.clone()
    return sendWithTimeout(request, options.timeout, (sent) =>
      exchange(sent, init, state, transport),
    )
  }

  /**
   * One attempt: sends `request` through `transport` and answers a 401 to our token with the replay,
   * once per call. ky's timeout and signal cover both: the replay follows the request's signal.
   */
  async function exchange(
    request: Request,
    init: unknown,
    known: RequestState | undefined,
    transport: KyFetch,
  ): Promise<Response> {
    const state = known ?? (await unpreparedState(request))
    const usedToken = state?.token
    if (state === undefined || usedToken === undefined) return transport(request, init)
    if (!carries(request, usedToken)) {
      // ky 2 retries a copy made before the replay: it still carries the token the 401 retired.
      if (state.retired === undefined || !carries(request, state.retired))
        return transport(request, init) // a later hook set a header of its own: not ours to handle
      request.headers.set('authorization', `Bearer ${usedToken}`)
    }
    if (state.replayed || !policy.shouldReplay(401)) return transport(request, init)

    const source = captureReplaySource(request, state.body)
    const response = await transport(request, init)
    const earnsReplay =
      policy.shouldReplay(response.status) && !state.replayed && answeredBy(response, request.url)
    const build = earnsReplay ? prepareReplay(source, request) : undefined
    if (build === undefined) {
      // A 401 whose body can't be sent again still proves the token bad: retire it for the next call.
      if (earnsReplay) policy.retire(usedToken)
      releaseReplaySource(source)
      return response
    }
    state.replayed = true
    const { signal } = request
    const freshToken = await abortable(
      policy.tokenForReplay(usedToken, request.url, signal),
      signal,
    )
    state.token = freshToken
    state.retired = usedToken
    response.body?.cancel().catch(() => {})
    // ky 1's TimeoutError carries the request ky handed fetch, and reaches no hook: ky aborts the
    // signal just before it makes the error, so the header goes then.
    const redact = () => redactAuthorization(request.headers)
    signal.addEventListener('abort', redact, { once: true })
    try {
      return await (fetchOption ?? transport)(build(freshToken), init)
    } finally {
      signal.removeEventListener('abort', redact)
    }
  }

  /** A request `beforeRequest` did not see (ky 1.0 hands fetch a clone; a later hook swapped it). */
  async function unpreparedState(request: Request): Promise<RequestState | undefined> {
    const token = await abortable(policy.tokenFor(request.url, request.signal), request.signal)
    return token === undefined ? undefined : { token, replayed: false }
  }

  function beforeRetry({ error }: { error?: unknown }): void {
    // The provider already retried the token endpoint; ky 1 would otherwise retry our failure again.
    if (isZoomAuthError(error)) throw error
  }

  function beforeError(...args: unknown[]): unknown {
    const call = readErrorHook(args)
    redactKyError(call)
    return call.error
  }

  const hooks = {
    init: [init],
    beforeRequest: [beforeRequest],
    beforeRetry: [beforeRetry],
    beforeError: [beforeError],
  }
  // One implementation serves both call forms; ky's types describe only the installed major's.
  return {
    fetch: zoomFetch as ZoomKyExtension['fetch'],
    hooks: hooks as unknown as ZoomKyExtension['hooks'],
  }
}

function carries(request: Request, accessToken: string): boolean {
  return request.headers.get('authorization') === `Bearer ${accessToken}`
}

/**
 * Credentials without a transport of their own fetch tokens through the adapter's `fetch` too, so a
 * custom dispatcher (a proxy, say) serves both. A shared provider keeps whatever it was built with.
 */
function withTokenTransport(input: AdapterInput, transport: KyFetch | undefined): AdapterInput {
  if (transport === undefined || isTokenProvider(input)) return input
  if (typeof input !== 'object' || input === null || input.fetch !== undefined) return input
  return { ...input, fetch: transport as typeof fetch }
}

/**
 * True when the response came from the origin the token was sent to. After a redirect to another
 * origin fetch drops `Authorization`, so a 401 from there says nothing about our token.
 */
function answeredBy(response: Response, requestUrl: string): boolean {
  if (!response.redirected || response.url === '') return true
  return URL.canParse(response.url) && new URL(response.url).origin === new URL(requestUrl).origin
}

/** An abort while waiting for a token rejects with the signal's reason, as ky's fetch would. */
async function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  try {
    return await promise
  } catch (error) {
    if (signal?.aborted && isZoomAuthError(error) && error.code === 'aborted') throw signal.reason
    throw error
  }
}
