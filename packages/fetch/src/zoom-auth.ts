import { createRequestPolicy, type AdapterInput, type AdapterOptions } from '@zoom-auth/core'
import { discardResponse } from './discard-response.js'
import { prepareBody } from './replayable-body.js'
import { ownRequestInit } from './request-init.js'
import { headersWithToken, requestSignal, targetUrl, type RequestInput } from './request-parts.js'
import type { FetchLike, ZoomFetch, ZoomFetchOptions } from './types.js'

/** The transport as this module calls it; whatever was passed is called with exactly these arguments. */
type Transport = (input: RequestInput, init?: RequestInit) => Promise<Response>

/**
 * Wraps `fetch` (global fetch, undici's, or any compatible function) so that requests to Zoom carry
 * `Authorization: Bearer <token>`, and a 401 is answered by one replay with a fresh token.
 *
 * - Requests to hosts outside `hosts` go through untouched: no header, no 401 handling.
 * - Plain `http:` gets a token only on a listed loopback host; an allowed non-loopback host over
 *   `http:` rejects with a `ZoomAuthError` of code `insecure_url`.
 * - A 401 replays once, body intact (see the README for which bodies); the replay's own 401 is the
 *   caller's response. 403, and 400 with Zoom code 4711, are returned as they are.
 * - Token failures reject with the `ZoomAuthError` itself; an aborted `signal` rejects with its
 *   reason, as fetch does.
 *
 * The returned function has the call signature of the `fetch` it wraps (`typeof fetch` by default).
 *
 * @example
 * ```ts
 * import { zoomAuth } from '@zoom-auth/fetch'
 *
 * const zoomFetch = zoomAuth({
 *   accountId: process.env.ZOOM_ACCOUNT_ID!,
 *   clientId: process.env.ZOOM_CLIENT_ID!,
 *   clientSecret: process.env.ZOOM_CLIENT_SECRET!,
 * })
 * const me = await (await zoomFetch('https://api.zoom.us/v2/users/me')).json()
 *
 * // through undici, with its own dispatcher or types:
 * import { fetch } from 'undici'
 * const undiciZoomFetch = zoomAuth(provider, { fetch })
 * ```
 */
export function zoomAuth<F extends FetchLike = typeof fetch>(
  input: AdapterInput,
  options: ZoomFetchOptions<F> = {},
): ZoomFetch<F> {
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
  // Looked up per call, so a global fetch stubbed after zoomAuth() is still the one used.
  const transport = () => (fetchOption ?? globalThis.fetch) as unknown as Transport

  async function zoomFetch(resource: RequestInput, givenInit?: RequestInit): Promise<Response> {
    const url = targetUrl(resource)
    const signal = requestSignal(resource, givenInit)
    const token = await policy.tokenFor(url, signal)
    if (token === undefined) return transport()(resource, givenInit)

    // Spread below: an init whose fields fetch would read from its prototype (a Request) is copied.
    const init = ownRequestInit(givenInit)
    const body = prepareBody(resource, init)
    const send = (accessToken: string, bodyInit: RequestInit) =>
      transport()(resource, {
        ...init,
        ...bodyInit,
        headers: headersWithToken(resource, init, accessToken),
      })

    let response: Response
    try {
      response = await send(token, body.first)
    } catch (error) {
      body.release()
      throw error
    }
    if (!policy.shouldReplay(response.status, url, () => response.url)) {
      body.release()
      return response
    }
    // The copy of a stream body may still be coming in (a server can answer 401 before the body
    // is sent); an abort must not wait for a stream that may never end.
    signal?.addEventListener('abort', body.release, { once: true })
    const replayBody = await body.replay()
    signal?.removeEventListener('abort', body.release)
    if (signal?.aborted) {
      void discardResponse(response)
      throw signal.reason
    }
    if (replayBody === undefined) {
      // The 401 still proves the token bad: retire it so the next request doesn't meet it too.
      policy.retire(token)
      return response
    }
    const [, freshToken] = await Promise.all([
      discardResponse(response),
      policy.tokenForReplay(token, url, signal),
    ])
    return send(freshToken, replayBody)
  }

  return zoomFetch as unknown as ZoomFetch<F>
}
