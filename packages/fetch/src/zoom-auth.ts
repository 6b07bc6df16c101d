import type { AdapterInput, AdapterOptions } from '@zoom-auth/core'
import {
  assertOptionalFunction,
  assertOptionsObject,
  createAuthorizer,
  discardResponse,
  headersWithToken,
} from '@zoom-auth/core/adapter'
import { fetchBodyReplay, type FetchBody } from './fetch-body-replay.js'
import { ownRequestInit } from './request-init.js'
import { requestHeaders, requestSignal, targetUrl, type RequestInput } from './request-parts.js'
import type { FetchLike, ZoomFetch, ZoomFetchInit, ZoomFetchOptions } from './types.js'

/** The transport as this module calls it; whatever was passed is called with exactly these arguments. */
type Transport = (input: RequestInput, init?: RequestInit) => Promise<Response>

/**
 * Wraps `fetch` (global fetch, undici's, or any compatible function) so that requests to Zoom carry
 * `Authorization: Bearer <token>`, and a 401 is answered by one replay with a fresh token.
 *
 * - Requests to hosts outside `hosts` go through untouched: no header, no 401 handling.
 * - Plain `http:` gets a token only on a listed loopback host; an allowed non-loopback host over
 *   `http:` rejects with a `ZoomAuthError` of code `insecure_url`.
 * - A 401 replays once, body intact (see the README for which bodies; a stream is copied up to
 *   `maxReplayBodyBytes`); the replay's own 401 is the caller's response. 403, and 400 with Zoom
 *   code 4711, are returned as they are.
 * - Token failures reject with the `ZoomAuthError` itself; an aborted `signal` rejects with its
 *   reason, as fetch does.
 * - Given the users of a user-level app (`zoomAuth(users)`), each request is made as the user its
 *   init's `zoomUser` names; a request to Zoom naming none rejects with `TypeError`, one whose user
 *   has no stored grant with `reauthorization_required`, before anything is sent.
 *   `zoomAuth(users.forUser(key))` makes every request as one user. `zoomUser` never reaches the
 *   wrapped fetch.
 *
 * The returned function has the call signature of the `fetch` it wraps (`typeof fetch` by default),
 * its init also taking `zoomUser` (see {@link ZoomFetch}).
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
  assertOptionsObject(options)
  const { fetch: fetchOption, ...adapterOptions } = options
  assertOptionalFunction(fetchOption, 'fetch')
  const authorizer = createAuthorizer(
    input,
    adapterOptions satisfies AdapterOptions,
    fetchOption as typeof fetch | undefined,
    'init.zoomUser',
  )
  const maxBytes = authorizer.maxReplayBodyBytes
  // Looked up per call, so a global fetch stubbed after zoomAuth() is still the one used.
  const transport = () => (fetchOption ?? globalThis.fetch) as unknown as Transport

  async function zoomFetch(
    resource: RequestInput,
    initWithUser?: RequestInit & ZoomFetchInit,
  ): Promise<Response> {
    const user = initWithUser?.zoomUser
    // The user is ours: the transport never sees it.
    const givenInit = user === undefined ? initWithUser : withoutUser(initWithUser!)
    const signal = requestSignal(resource, givenInit)
    const call = await authorizer.authorize(targetUrl(resource), signal, user)
    if (call === undefined) return transport()(resource, givenInit)

    // Spread below: an init whose fields fetch would read from its prototype (a Request) is copied.
    const init = ownRequestInit(givenInit)
    const body = fetchBodyReplay(resource, init, maxBytes)
    // `sent` is init.body itself unless a stream was teed, or a replay sends a copy.
    const send = (authorization: string, sent: FetchBody | Uint8Array) => {
      // A new array each time: the caller's Request and header objects never hold the token.
      const headers = headersWithToken(requestHeaders(resource, init), authorization)
      if (sent === init?.body) return transport()(resource, { ...init, headers })
      return transport()(resource, { ...init, body: sent as BodyInit, headers })
    }

    let response: Response
    try {
      response = await send(call.authorization, body ? body.first : init?.body)
    } catch (error) {
      body?.release()
      throw error
    }
    if (!call.earnsReplay(response.status, () => response.url)) {
      body?.release()
      return response
    }
    // No body, or one in memory, goes again for sure: its 401 is drained while the new token comes.
    const draining =
      body === undefined || body.outcome === 'resend' ? discardResponse(response) : undefined
    let replay
    try {
      replay = await call.replay(signal, body)
    } catch (error) {
      // Aborted (while the copy came in or the token was fetched), or no token: nobody reads the 401.
      if (draining === undefined) void discardResponse(response)
      throw error
    }
    // The body can't be sent again: the call has retired the token; the 401 is the answer.
    if (replay === undefined) return response
    await (draining ?? discardResponse(response))
    return send(replay.authorization, body ? replay.body : init?.body)
  }

  return zoomFetch as unknown as ZoomFetch<F>
}

/** `init` without `zoomUser`, everything fetch reads from it kept (see {@link ownRequestInit}). */
function withoutUser(init: RequestInit & ZoomFetchInit): RequestInit {
  const { zoomUser: _user, ...rest } = ownRequestInit(init) as RequestInit & ZoomFetchInit
  return rest
}
