import {
  createRequestPolicy,
  isZoomAuthError,
  type AdapterInput,
  type AdapterOptions,
} from '@zoom-auth/core'
import {
  readErrorHook,
  readRequestHook,
  readResponseHook,
  type KyHookOptions,
  type ResponseHookArguments,
} from './hook-arguments.js'
import { redactKyError } from './redact-ky-error.js'
import { RequestStates, type RequestState } from './request-state.js'
import { captureReplaySource, prepareReplay, releaseReplaySource } from './replay-request.js'
import { fetchOnlyOptions, sendReplay, type ReplayTransport } from './send-replay.js'
import type { KyFetch, ZoomKyExtension, ZoomKyOptions } from './types.js'

/** ky's default `timeout`, for ky 2 calls whose `init` hook did not run (another ky copy, say). */
const KY_DEFAULT_TIMEOUT_MS = 10_000

/**
 * ky hooks that give requests to Zoom `Authorization: Bearer <token>` and answer a 401 with one
 * replay with a fresh token. Works with ky 1 and ky 2; pass the result to `ky.create()` or
 * `api.extend()`, where it joins the hooks you already have.
 *
 * - Requests to hosts outside `hosts` go through untouched: no header, no 401 handling.
 * - Plain `http:` gets a token only on a listed loopback host; an allowed non-loopback host over
 *   `http:` rejects with a `ZoomAuthError` of code `insecure_url`.
 * - A 401 replays once, body intact (see the README for which bodies), inside `afterResponse`: the
 *   replay works with `retry: 0` and costs none of ky's retries. The replay's own 401 is the caller's.
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
    input,
    adapterOptions satisfies AdapterOptions,
    fetchOption as typeof fetch | undefined,
  )
  const states = new RequestStates()

  /** ky 2 shows `fetch` and `timeout` only to `init` hooks (ky 1 ignores this hook). */
  function init(options: { context?: unknown; fetch?: unknown; timeout?: unknown }): void {
    // Without a context of its own the call gets one here, so that every hook finds its state.
    if (typeof options.context !== 'object' || options.context === null) options.context = {}
    const state = states.open(options)
    if (typeof options.fetch === 'function') state.kyFetch = options.fetch as KyFetch
    state.kyTimeout =
      typeof options.timeout === 'number' || options.timeout === false
        ? options.timeout
        : KY_DEFAULT_TIMEOUT_MS
  }

  async function beforeRequest(...args: unknown[]): Promise<void> {
    const { form, request, options } = readRequestHook(args)
    const signal = options.signal ?? undefined
    const token = await policy.tokenFor(request.url, signal)
    const state = states.open(options)
    if (token === undefined) {
      // A retry ky 1 sends elsewhere (a beforeRetry hook swapped the Request) sheds our header.
      if (state.token !== undefined && carries(request, state.token))
        request.headers.delete('authorization')
      delete state.token
      return
    }
    request.headers.set('authorization', `Bearer ${token}`)
    state.token = token
    // ky 1 runs this hook again for each of its retries; the body is decided once per call.
    state.source ??= captureReplaySource(request, options.body, kyKeepsClone(form, options))
  }

  async function afterResponse(...args: unknown[]): Promise<Response | undefined> {
    const call = readResponseHook(args)
    const { request, options, response } = call
    const state = states.get(options)
    const usedToken = state?.token
    if (state === undefined || usedToken === undefined || state.source === undefined) return
    const earnsReplay =
      policy.shouldReplay(response.status, request.url, response.url) &&
      !state.replayed &&
      // A later hook may have swapped the header; then the 401 is not about our token.
      carries(request, usedToken)
    const build = earnsReplay ? prepareReplay(state.source, request) : undefined
    if (build === undefined) {
      // A 401 whose body can't be sent again still proves the token bad: retire it for the next call.
      if (earnsReplay) policy.retire(usedToken)
      releaseReplaySource(state.source)
      return
    }
    state.replayed = true
    const signal = options.signal ?? undefined
    const freshToken = await policy.tokenForReplay(usedToken, request.url, signal)
    // ky retries (a 5xx after the replay, say) send ky's copy again: it must carry the new token too.
    request.headers.set('authorization', `Bearer ${freshToken}`)
    state.token = freshToken
    return sendReplay(build(freshToken, signal), replayTransport(call, state))
  }

  function replayTransport(
    { form, options }: ResponseHookArguments,
    state: RequestState,
  ): ReplayTransport {
    const kyFetch = form === 'positional' ? options.fetch : state.kyFetch
    const kyTimeout = form === 'positional' ? options.timeout : state.kyTimeout
    return {
      fetch:
        fetchOption ??
        (typeof kyFetch === 'function' ? (kyFetch as KyFetch) : undefined) ??
        // Looked up per replay, so a global fetch stubbed after zoomAuth() is still the one used.
        ((request: Request, init?: RequestInit) => globalThis.fetch(request, init)),
      timeoutMs:
        typeof kyTimeout === 'number' || kyTimeout === false ? kyTimeout : KY_DEFAULT_TIMEOUT_MS,
      fetchOptions: fetchOnlyOptions(options),
    }
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
    afterResponse: [afterResponse],
    beforeRetry: [beforeRetry],
    beforeError: [beforeError],
  }
  // One implementation serves both call forms; ky's types describe only the installed major's.
  return { hooks: hooks as unknown as ZoomKyExtension['hooks'] }
}

function carries(request: Request, accessToken: string): boolean {
  return request.headers.get('authorization') === `Bearer ${accessToken}`
}

/** ky 1 always clones before sending; ky 2 only when it may retry. */
function kyKeepsClone(form: 'positional' | 'state', options: KyHookOptions): boolean {
  if (form === 'positional') return true
  const limit = options.retry?.limit
  return typeof limit === 'number' && limit > 0
}
