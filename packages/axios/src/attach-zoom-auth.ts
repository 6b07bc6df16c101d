import type { AxiosInstance } from 'axios'
import type { AdapterInput, AdapterOptions } from '@zoom-auth/core'
import { zoomAuth } from './zoom-auth.js'
import type { DetachZoomAuth } from './types.js'

/**
 * Registers {@link zoomAuth} on an axios instance (or the default `axios`) and returns the function
 * that removes it again. Registered as a synchronous interceptor, so axios keeps its synchronous
 * request path when your other interceptors are synchronous too.
 *
 * @example
 * ```ts
 * import axios from 'axios'
 * import { attachZoomAuth } from '@zoom-auth/axios'
 *
 * const zoom = axios.create({ baseURL: 'https://api.zoom.us/v2' })
 * const detach = attachZoomAuth(zoom, { accountId, clientId, clientSecret })
 * const { data: me } = await zoom.get('users/me')
 * detach()
 * ```
 */
export function attachZoomAuth(
  instance: Pick<AxiosInstance, 'interceptors'>,
  input: AdapterInput,
  options: AdapterOptions = {},
): DetachZoomAuth {
  const interceptor = zoomAuth(input, options)
  const id = instance.interceptors.request.use(interceptor, null, { synchronous: true })
  return () => instance.interceptors.request.eject(id)
}
