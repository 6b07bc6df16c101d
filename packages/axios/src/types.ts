import type { InternalAxiosRequestConfig } from 'axios'

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
