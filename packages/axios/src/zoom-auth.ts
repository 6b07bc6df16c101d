import type { AdapterInput, AdapterOptions } from '@zoom-auth/core'
import { createAuthorizer } from '@zoom-auth/core/adapter'
import { createZoomAuthAdapter, isZoomAuthAdapter } from './zoom-auth-adapter.js'
import type { ZoomAuthInterceptor } from './types.js'

/** How a request names its user, for the TypeError of one that names none. */
const USER_OPTION = 'config.zoomUser'

/**
 * An axios request interceptor that gives requests to Zoom `Authorization: Bearer <token>` and
 * answers a 401 with exactly one replay with a fresh token. Registering it is the whole integration,
 * on the default instance or on one from `axios.create()`.
 *
 * - It wraps the request's adapter; token, host check and replay happen there, on the final URL
 *   (`baseURL` + `url`, an absolute `url` winning) after every other request interceptor ran. The
 *   interceptor itself is synchronous, so it works whatever `synchronous` flag it is registered with.
 * - Requests to hosts outside `hosts` go through untouched: no header, no 401 handling.
 * - Plain `http:` gets a token only on a listed loopback host; an allowed non-loopback host over
 *   `http:` rejects with a `ZoomAuthError` of code `insecure_url`.
 * - A 401 replays once with the same body, whatever `validateStatus` says (a stream body is copied
 *   while it is sent, up to `maxReplayBodyBytes`); the replay's own 401 is the caller's. 403, and
 *   400 with Zoom code 4711, are left alone. A redirect to another origin never carries the token,
 *   and a 401 from there is not replayed.
 * - Token failures reject with the `ZoomAuthError` itself; an `AxiosError` that leaves the request
 *   has its `Authorization` value redacted.
 *
 * - Given the users of a user-level app, each request is made as the user its `zoomUser` config
 *   names (per request or an instance default); a request naming none rejects with `TypeError`,
 *   one whose user has no stored grant with `reauthorization_required`, before anything is sent.
 *
 * If several zoom-auth interceptors see the same request, the first to run wins.
 *
 * @param input - Your app's credentials (plus any token provider option), a `TokenProvider` to share
 *   one token between several instances (one user of a user-level app: `users.forUser(key)`), or
 *   the users of a user-level app (`zoomUsers(…)`), each request naming its user in
 *   `config.zoomUser`.
 * @param options - Where the token may go (`hosts`), whether to replay after a 401, and the longest
 *   stream body kept for a replay (`maxReplayBodyBytes`).
 * @throws TypeError for malformed credentials or options, at once.
 *
 * @example
 * ```ts
 * import axios from 'axios'
 * import { zoomAuth } from '@zoom-auth/axios'
 *
 * axios.interceptors.request.use(
 *   zoomAuth({
 *     accountId: process.env.ZOOM_ACCOUNT_ID!,
 *     clientId: process.env.ZOOM_CLIENT_ID!,
 *     clientSecret: process.env.ZOOM_CLIENT_SECRET!,
 *   }),
 * )
 * const { data: me } = await axios.get('https://api.zoom.us/v2/users/me')
 * ```
 */
export function zoomAuth(input: AdapterInput, options: AdapterOptions = {}): ZoomAuthInterceptor {
  const authorizer = createAuthorizer(input, options, undefined, USER_OPTION)
  return function zoomAuthInterceptor(config) {
    if (!isZoomAuthAdapter(config.adapter))
      config.adapter = createZoomAuthAdapter(authorizer, config.adapter)
    return config
  }
}
