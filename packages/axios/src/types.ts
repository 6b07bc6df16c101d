import type { InternalAxiosRequestConfig } from 'axios'

/**
 * What `@zoom-auth/axios` adds to axios' request config (`AxiosRequestConfig`, by module
 * augmentation), so that `api.get(url, { zoomUser })` type-checks without a cast.
 *
 * @example
 * ```ts
 * const api = axios.create({ baseURL: 'https://api.zoom.us/v2/', zoomUser: 'user-42' })
 * api.interceptors.request.use(zoomAuth(users))
 * await api.get('users/me', { zoomUser: 'user-7' })
 * ```
 */
export interface ZoomRequestConfig {
  /**
   * The user a request to Zoom is made as, when `zoomAuth` was given the users of a user-level app
   * (`zoomAuth(users)`): the key their grant is stored under. Set it per request, or as an instance
   * default (`axios.create({ zoomUser })`). A request without one rejects with `TypeError`, one
   * whose user has no stored grant with `reauthorization_required`, both before anything is sent.
   * Never sent itself.
   */
  zoomUser?: string
}

declare module 'axios' {
  // Merged into axios' own interface: the extends clause is all it adds.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AxiosRequestConfig extends ZoomRequestConfig {}
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
