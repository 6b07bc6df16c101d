const CREDENTIAL = /\b(Basic|Bearer)\s+[\w.~+/=-]+/gi
// A form field (`client_secret=…`, sent with authMethod 'body') or a JSON field, escaped or not.
const SECRET_FIELD = /\b(client_secret|access_token)(\\?["']?\s*[=:]\s*\\?["']?)[^\s&"'\\,;}]+/gi

/**
 * Removes Basic and Bearer credentials, and `client_secret` / `access_token` fields, from a text
 * (an error message from a transport that quotes the request, say).
 *
 * @example
 * ```ts
 * scrubCredentials('sent Authorization: Bearer eyJabc') // 'sent Authorization: Bearer [REDACTED]'
 * ```
 */
export function scrubCredentials(text: string): string {
  return text.replace(CREDENTIAL, '$1 [REDACTED]').replace(SECRET_FIELD, '$1$2[REDACTED]')
}

/**
 * A copy of a transport error that is safe to keep as `cause`: some transports (nock, proxies)
 * put request headers into their messages.
 */
export function scrubError(error: unknown, depth = 0): Error {
  if (!(error instanceof Error)) return new Error(scrubCredentials(String(error)))
  const copy = new Error(scrubCredentials(error.message))
  copy.name = error.name
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') Object.assign(copy, { code })
  if (error.cause !== undefined && depth < 2) copy.cause = scrubError(error.cause, depth + 1)
  return copy
}
