import { invalidArgType, invalidArgValue } from '../assert.js'

/**
 * Hosts Zoom serves its REST API from; the token's `api_url` host joins them at run time.
 *
 * @example
 * ```ts
 * zoomAuth(credentials, { hosts: [...DEFAULT_ZOOM_API_HOSTS, 'zoom-proxy.internal:8443'] })
 * ```
 */
export const DEFAULT_ZOOM_API_HOSTS: readonly string[] = [
  'api.zoom.us',
  'fileapi.zoom.us',
  'api.zoomgov.com',
  'fileapi.zoomgov.com',
]

/**
 * The test for the `hosts` option: a string matches `URL.host` exactly (case-insensitive), a RegExp
 * is tested against it. Throws `TypeError` for anything else, at construction.
 *
 * @example
 * ```ts
 * const isListed = allowedHosts(['api.zoom.us', /\.internal\.example$/])
 * isListed('api.zoom.us') // true
 * ```
 */
export function allowedHosts(hosts: Array<string | RegExp>): (host: string) => boolean {
  if (!Array.isArray(hosts))
    throw invalidArgType('zoom-auth: "hosts" must be an array of strings or RegExps')
  const names = new Set<string>()
  const patterns: RegExp[] = []
  for (const host of hosts) {
    // Without g/y a RegExp keeps no state between tests.
    if (host instanceof RegExp)
      patterns.push(new RegExp(host.source, host.flags.replace(/[gy]/g, '')))
    else if (typeof host === 'string' && host !== '' && !host.includes('/'))
      names.add(host.toLowerCase())
    else
      throw (typeof host === 'string' ? invalidArgValue : invalidArgType)(
        `zoom-auth: "hosts" entries must be a host such as "api.zoom.us" or a RegExp`,
      )
  }
  return (host) => names.has(host) || patterns.some((pattern) => pattern.test(host))
}
