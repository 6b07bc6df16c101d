import { parseUrl } from '../parse-url.js'

/** Caller mistakes are TypeErrors thrown at construction, before any request is made. */
export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`zoom-auth: "${name}" must be a non-empty string`)
  }
  return value
}

const LOOPBACK_HOSTNAMES = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

/** True for hosts that never leave this machine, where plain http is acceptable. */
export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.test(hostname)
}

/** An https URL, or http on loopback (local emulators); anything else is a caller mistake. */
export function requireSecureUrl(value: unknown, name: string): URL {
  const text = requireString(value, name)
  const url = parseUrl(text)
  if (!url) throw new TypeError(`zoom-auth: "${name}" must be an absolute URL`)
  const secure =
    url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHostname(url.hostname))
  if (!secure)
    throw new TypeError(`zoom-auth: "${name}" must use https (plain http only on loopback)`)
  return url
}
