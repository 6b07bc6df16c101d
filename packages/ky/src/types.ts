import type { AdapterOptions } from '@zoom-auth/core'
import type { Hooks } from 'ky'

/**
 * The fetch ky sends through (ky's `fetch` option): global `fetch`, undici's, or a wrapper of either.
 * Loose on purpose, as ky's own option is: undici's `fetch` has its own `Request`/`Response` types.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- ky types its `fetch` option the same way
export type KyFetch = (input: Request, init?: any) => Promise<Response>

/**
 * Options of {@link zoomAuth}: the adapter options every zoom-auth adapter takes, plus the transport
 * for the replay after a 401.
 *
 * @example
 * ```ts
 * const options: ZoomKyOptions = { hosts: ['api.zoom.us'], retryOnUnauthorized: true }
 * ```
 */
export interface ZoomKyOptions extends AdapterOptions {
  /**
   * Overrides the fetch the replay after a 401 is sent with. Default: the one ky sends with — its
   * `fetch` option (ky 1 hands it to hooks, ky 2 only to `init` hooks), else `globalThis.fetch`
   * looked up per replay. When `zoomAuth` builds its own provider from credentials without a `fetch`
   * of their own, token requests go through this function too.
   */
  fetch?: KyFetch
}

/**
 * What {@link zoomAuth} returns: ky options that hold only `hooks`, for `ky.create()` or
 * `api.extend()`. ky appends them to the hooks already configured, so your own hooks keep running.
 *
 * @example
 * ```ts
 * const extension: ZoomKyExtension = zoomAuth(credentials)
 * const zoom = ky.create({ prefixUrl: 'https://api.zoom.us/v2' }).extend(extension)
 * ```
 */
export interface ZoomKyExtension {
  readonly hooks: Required<
    Pick<Hooks, 'beforeRequest' | 'afterResponse' | 'beforeRetry' | 'beforeError'>
  >
}
