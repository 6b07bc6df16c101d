import type { InternalAxiosRequestConfig } from 'axios'

declare module 'axios' {
  interface AxiosRequestConfig {
    /**
     * The user a request to Zoom is made as, when `zoomAuth` was given the users of a user-level
     * app (`zoomAuth(users)`): the key their grant is stored under. Set it per request, or as an
     * instance default (`axios.create({ zoomUser })`). A request without one rejects with
     * `TypeError`, one whose user has no stored grant with `reauthorization_required`, both before
     * anything is sent. Never sent itself. Added to axios' config type by `@zoom-auth/axios`.
     *
     * @example
     * ```ts
     * api.interceptors.request.use(zoomAuth(users))
     * await api.get('https://api.zoom.us/v2/users/me', { zoomUser: 'user-42' })
     * ```
     */
    zoomUser?: string
  }
}

/**
 * The request interceptor {@link zoomAuth} returns. It hands back the config it was given (same
 * object, same type) with its `adapter` wrapped, so it works registered synchronously or not.
 *
 * @example
 * ```ts
 * const interceptor: ZoomAuthInterceptor = zoomAuth(credentials)
 * axios.interceptors.request.use(interceptor)
 * ```
 */
export type ZoomAuthInterceptor = <C extends InternalAxiosRequestConfig>(config: C) => C

/**
 * The function {@link attachZoomAuth} returns: removes the interceptor again.
 *
 * @example
 * ```ts
 * const detach: DetachZoomAuth = attachZoomAuth(api, credentials)
 * detach()
 * ```
 */
export type DetachZoomAuth = () => void
