import type { AdapterOptions } from '@zoom-auth/core'

/**
 * Any function with fetch's shape that {@link zoomAuth} can wrap: global `fetch`, undici's `fetch`, or
 * a wrapper of either. Loose on purpose: undici's `fetch` has its own `Request`/`Response` types, and
 * `zoomAuth` hands back a function of exactly the type it was given.
 *
 * @example
 * ```ts
 * import { fetch as undiciFetch } from 'undici'
 * const transport: FetchLike = undiciFetch
 * ```
 */
export type FetchLike = (input: string, init?: never) => Promise<{ readonly status: number }>

/**
 * Options of {@link zoomAuth}: the adapter options every zoom-auth adapter takes, plus the transport.
 *
 * @example
 * ```ts
 * const options: ZoomFetchOptions = { hosts: ['api.zoom.us'], retryOnUnauthorized: true }
 * ```
 */
export type ZoomFetchOptions<F extends FetchLike = typeof fetch> = AdapterOptions & {
  /**
   * The fetch to send requests through. Default: `globalThis.fetch`, looked up on every call (so a
   * stubbed global is honoured). When `zoomAuth` builds its own provider from credentials without a
   * `fetch` of their own, token requests go through this function too.
   */
  fetch?: F
}

/**
 * The type of the function {@link zoomAuth} returns: the call signature of global `fetch` (for it and
 * anything assignable to it, such as a mock of it), otherwise that of the `fetch` given, without any
 * extra properties it carried (a mock's `.mock`, say), since the wrapper doesn't have them. Either
 * way its init also takes {@link ZoomFetchInit}'s `zoomUser`, and it is assignable to the fetch it
 * wraps.
 *
 * @example
 * ```ts
 * import { fetch as undiciFetch } from 'undici'
 * const zoomFetch: ZoomFetch<typeof undiciFetch> = zoomAuth(credentials, { fetch: undiciFetch })
 * ```
 */
export type ZoomFetch<F extends FetchLike = typeof fetch> = F extends typeof fetch
  ? (input: Parameters<typeof fetch>[0], init?: RequestInit & ZoomFetchInit) => Promise<Response>
  : (
      input: Parameters<F>[0],
      // The wrapped fetch's init (undefined left out); `Parameters<F>[1]` would be resolved
      // against FetchLike's `never` here.
      init?: (F extends (input: never, init?: infer I) => unknown ? NonNullable<I> : never) &
        ZoomFetchInit,
    ) => ReturnType<F>

/**
 * What the init of a request through {@link zoomAuth}'s fetch takes besides fetch's own fields.
 *
 * @example
 * ```ts
 * const zoomFetch = zoomAuth(users) // users = zoomUsers({ clientId, clientSecret, store })
 * await zoomFetch('https://api.zoom.us/v2/users/me', { zoomUser: 'user-42' })
 * ```
 */
export interface ZoomFetchInit {
  /**
   * The user the request is made as, when `zoomAuth` was given the users of a user-level app
   * (`zoomAuth(users)`): the key their grant is stored under. A request to Zoom without one
   * rejects with `TypeError`, one whose user has no stored grant with `reauthorization_required`,
   * both before anything is sent. Taken off the init before the wrapped fetch sees it.
   */
  zoomUser?: string
}
