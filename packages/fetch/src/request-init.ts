/**
 * Every field fetch reads from `init` (undici's `dispatcher` and `duplex` included). fetch reads them
 * with property access, so inherited ones and getters count; spreading an init copies only its own.
 */
const REQUEST_INIT_FIELDS = [
  'body',
  'cache',
  'credentials',
  'dispatcher',
  'duplex',
  'headers',
  'integrity',
  'keepalive',
  'method',
  'mode',
  'priority',
  'redirect',
  'referrer',
  'referrerPolicy',
  'signal',
  'window',
] as const

/**
 * `init` as an object whose own properties are everything fetch would read from it, so that
 * `{ ...init, headers }` loses nothing. A plain object is returned as it is; anything else (a
 * `Request` passed as init, an object with a prototype of defaults) has its fields read into a copy.
 *
 * @example
 * ```ts
 * ownRequestInit(new Request(url, { method: 'PUT', body: 'x' })).method // 'PUT'
 * ```
 */
export function ownRequestInit(init: RequestInit | undefined): RequestInit | undefined {
  if (init === undefined || init === null || typeof init !== 'object') return init
  const prototype: unknown = Object.getPrototypeOf(init)
  if (prototype === Object.prototype || prototype === null) return init
  const copy: Record<string, unknown> = { ...init }
  for (const field of REQUEST_INIT_FIELDS) {
    const value: unknown = (init as Record<string, unknown>)[field]
    if (value !== undefined) copy[field] = value
  }
  return copy as RequestInit
}
