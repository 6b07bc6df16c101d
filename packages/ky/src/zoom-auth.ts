import { isZoomAuthError, resolveTokenProvider, type AdapterInput } from '@zoom-auth/core'
import { zoomAuth as zoomFetchAuth } from '@zoom-auth/fetch'
import { ReplayedCalls } from './replayed-calls.js'
import type { KyFetch, ZoomKyExtension, ZoomKyOptions } from './types.js'

/** Marks the Request of a retry whose call has replayed; never sent. */
const REPLAYED_MARK = 'x-zoom-auth-replayed'

/**
 * ky options that give requests to Zoom `Authorization: Bearer <token>` and answer a 401 with one
 * replay with a fresh token. Works with ky 1 and ky 2; pass the result to `ky.create()` or
 * `api.extend()`.
 *
 * The work happens in ky's `fetch` option, below ky's hooks, retries and timeout: the token is set
 * on the request as it is sent and never on ky's own `Request`, so ky's errors and your hooks never
 * see it. The cost per request is that of the fetch adapter; `afterResponse` hooks would cost a
 * response clone each. A `fetch` of your own goes to `zoomAuth(input, { fetch })`.
 *
 * - Requests to hosts outside `hosts` go through untouched: no header, no 401 handling.
 * - Plain `http:` gets a token only on a listed loopback host; an allowed non-loopback host over
 *   `http:` rejects with a `ZoomAuthError` of code `insecure_url`.
 * - A 401 replays once per ky call, body intact (see the README for which bodies): it works with
 *   `retry: 0` and costs none of ky's retries. The replay's own 401 is the caller's. 403, and 400
 *   with Zoom code 4711, are left alone.
 * - Token failures reject with the `ZoomAuthError` itself, which ky does not retry.
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
  const provider = resolveTokenProvider(input, fetchOption as typeof fetch | undefined)
  const calls = new ReplayedCalls()
  // Looked up per request, so a global fetch stubbed after zoomAuth() is still the one used.
  // The fetch adapter always sends the Request it was given, so ky's Request-only fetch fits it.
  const transport = calls.watch(() => fetchOption ?? globalThis.fetch) as typeof fetch
  const firstAttempt = zoomFetchAuth(provider, { ...adapterOptions, fetch: transport })
  // A retry of a call that has replayed: its 401 is the caller's.
  const laterAttempt = zoomFetchAuth(provider, {
    ...adapterOptions,
    fetch: transport,
    retryOnUnauthorized: false,
  })

  const kyFetch: KyFetch = async (request, init) => {
    // A retry of a call that has replayed carries the mark; it is taken off before anything is sent.
    const replayed = request.headers.has(REPLAYED_MARK)
    if (replayed) request.headers.delete(REPLAYED_MARK)
    try {
      const response = await (replayed ? laterAttempt : firstAttempt)(request, init)
      if (replayed || calls.has(request)) calls.add(response)
      return response
    } catch (error) {
      if (replayed || calls.has(request)) calls.add(error)
      throw error
    }
  }

  const beforeRetry = ({ request, error }: { request: Request; error: unknown }): void => {
    // The provider already retried the token endpoint; ky 1 would otherwise retry our failure again.
    if (isZoomAuthError(error)) throw error
    const failed = error as { response?: unknown; cause?: unknown; request?: unknown } | undefined
    // ky 2 wraps a network error of fetch in its own NetworkError, with the original as `cause`;
    // a TimeoutError names the request that timed out.
    const afterReplay = [failed, failed?.response, failed?.cause, failed?.request].some((value) =>
      calls.has(value),
    )
    // A header, not an object identity: it survives every Request ky or a hook builds from this one.
    if (afterReplay) request.headers.set(REPLAYED_MARK, '1')
  }

  /** ky 2 only (ky 1 has no init hooks): a `fetch` set on ky after zoomAuth() would bypass it. */
  const init = (options: { fetch?: unknown }): void => {
    if (options.fetch !== undefined && options.fetch !== kyFetch)
      throw new TypeError(
        "zoom-auth: ky's fetch option was set after zoomAuth() and would send requests without a token; pass your fetch to zoomAuth(input, { fetch }) instead",
      )
  }

  return { fetch: kyFetch as typeof fetch, hooks: { beforeRetry: [beforeRetry], init: [init] } }
}
