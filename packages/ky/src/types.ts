import type { AdapterOptions } from '@zoom-auth/core'
import type { BeforeRetryHook } from 'ky'

/**
 * What `@zoom-auth/ky` adds to ky's `Options` (by module augmentation), so that
 * `api.get(url, { zoomUser })` type-checks without a cast.
 *
 * @example
 * ```ts
 * const zoom = ky.create({ prefixUrl: 'https://api.zoom.us/v2' }).extend(zoomAuth(users))
 * await zoom.get('users/me', { zoomUser: 'user-42' }).json()
 * ```
 */
export interface ZoomRequestOptions {
  /**
   * The user a request to Zoom is made as, when `zoomAuth` was given the users of a user-level app
   * (`zoomAuth(users)`): the key their grant is stored under. Set it per request, or as a default
   * of `ky.create()` or `extend()`. A request without one rejects with `TypeError`, one whose user
   * has no stored grant with `reauthorization_required`, both before anything is sent. ky hands it
   * to zoom-auth's fetch, which never sends it.
   */
  zoomUser?: string
}

declare module 'ky' {
  // Merged into ky's own interface: the extends clause is all it adds.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Options extends ZoomRequestOptions {}
}

/**
 * The fetch ky sends through (ky's `fetch` option): global `fetch`, undici's, or a wrapper of either.
 * Loose on purpose, as ky's own option is: undici's `fetch` has its own `Request`/`Response` types.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- ky types its `fetch` option the same way
export type KyFetch = (input: Request, init?: any) => Promise<Response>

/**
 * Options of {@link zoomAuth}: the adapter options every zoom-auth adapter takes, plus the fetch
 * requests go out through.
 *
 * @example
 * ```ts
 * const options: ZoomKyOptions = { hosts: ['api.zoom.us'], retryOnUnauthorized: true }
 * ```
 */
export interface ZoomKyOptions extends AdapterOptions {
  /**
   * The fetch every request (and its replay) is sent with, in place of ky's own `fetch` option,
   * which `zoomAuth` occupies. Default: `globalThis.fetch`, looked up per request. When `zoomAuth`
   * builds its own provider from credentials without a `fetch` of their own, token requests go
   * through this function too.
   */
  fetch?: KyFetch
}

/**
 * What {@link zoomAuth} returns: ky options for `ky.create()` or `api.extend()`. `fetch` is ky's
 * `fetch` option, which carries the token and replays a 401; the hooks are appended to those a
 * client already has.
 *
 * @example
 * ```ts
 * const extension: ZoomKyExtension = zoomAuth(credentials)
 * const zoom = ky.create({ prefixUrl: 'https://api.zoom.us/v2' }).extend(extension)
 * ```
 */
export interface ZoomKyExtension {
  readonly fetch: typeof fetch
  readonly hooks: {
    readonly beforeRetry: BeforeRetryHook[]
    /**
     * ky 2's `init` hook (ky 1 ignores it): gives each call the slot its attempts share, and
     * rejects a `fetch` set on ky after `zoomAuth`.
     */
    readonly init: Array<(options: { fetch?: unknown }) => void>
  }
}
