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
 * The type of the function {@link zoomAuth} returns: `typeof fetch` for global fetch (and anything
 * assignable to it, such as a mock of it), otherwise the call signature of the `fetch` given, without
 * any extra properties it carried (a mock's `.mock`, say), since the wrapper doesn't have them.
 *
 * @example
 * ```ts
 * import { fetch as undiciFetch } from 'undici'
 * const zoomFetch: ZoomFetch<typeof undiciFetch> = zoomAuth(credentials, { fetch: undiciFetch })
 * ```
 */
export type ZoomFetch<F extends FetchLike = typeof fetch> = F extends typeof fetch
  ? typeof fetch
  : (...args: Parameters<F>) => ReturnType<F>
