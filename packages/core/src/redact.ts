/**
 * What an `Authorization` value reads after {@link redactAuthorization}.
 *
 * @example
 * ```ts
 * redactAuthorization(headers) // headers.authorization === REDACTED
 * ```
 */
export const REDACTED = 'Bearer [REDACTED]'

interface HeadersLike {
  has(name: string): boolean
  set(name: string, value: string): unknown
}

function isHeadersLike(value: object): value is HeadersLike {
  const candidate = value as Partial<HeadersLike>
  return typeof candidate.has === 'function' && typeof candidate.set === 'function'
}

/**
 * Replaces the `Authorization` value in a header collection, in place: a `Headers`, axios'
 * `AxiosHeaders`, or a plain object with any casing of the name. Used on errors before they leave
 * an adapter, so that logging an error never logs a token.
 *
 * @example
 * ```ts
 * redactAuthorization(error.config?.headers)
 * ```
 */
export function redactAuthorization(headers: unknown): void {
  if (typeof headers !== 'object' || headers === null) return
  if (isHeadersLike(headers)) {
    if (headers.has('authorization')) headers.set('authorization', REDACTED)
    if (!(headers instanceof Headers)) redactKeys(headers)
    return
  }
  redactKeys(headers)
}

function redactKeys(headers: object): void {
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === 'authorization')
      (headers as Record<string, unknown>)[name] = REDACTED
  }
}
