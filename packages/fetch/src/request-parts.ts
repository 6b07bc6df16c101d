/** What fetch accepts as its first argument. */
export type RequestInput = string | URL | Request

/**
 * True for a `Request` of any fetch implementation. Checked by shape, because `instanceof Request`
 * is false for undici's `Request` under Node's global fetch and the other way round.
 *
 * @example
 * ```ts
 * isRequestLike(new undici.Request('https://api.zoom.us/v2/users/me')) // true
 * ```
 */
export function isRequestLike(input: unknown): input is Request {
  if (typeof input !== 'object' || input === null || input instanceof URL) return false
  const candidate = input as Partial<Request>
  return (
    typeof candidate.url === 'string' &&
    typeof candidate.method === 'string' &&
    typeof candidate.clone === 'function'
  )
}

/**
 * The URL a request goes to, as the text fetch is given: the authorizer parses it only when it must
 * (a relative URL gets no token, and the transport rejects or resolves it as it sees fit).
 *
 * @example
 * ```ts
 * targetUrl(new Request('https://api.zoom.us/v2/users/me')) // 'https://api.zoom.us/v2/users/me'
 * ```
 */
export function targetUrl(input: RequestInput): string {
  return isRequestLike(input) ? input.url : String(input)
}

/**
 * The signal fetch itself would honour: `init.signal`, else the Request's own. An explicit
 * `init.signal: null` frees the request from the Request's signal, as in fetch (only `undefined`
 * means "not given").
 *
 * @example
 * ```ts
 * const signal = requestSignal(input, init) // passed on to the token wait
 * ```
 */
export function requestSignal(
  input: RequestInput,
  init: RequestInit | undefined,
): AbortSignal | undefined {
  const signal = init?.signal
  if (signal !== undefined) return signal ?? undefined
  return isRequestLike(input) ? input.signal : undefined
}

/**
 * The headers fetch would send, before the token goes in: as in fetch, `init.headers` replaces a
 * Request's own.
 *
 * @example
 * ```ts
 * const headers = headersWithToken(requestHeaders(input, init), call.authorization)
 * ```
 */
export function requestHeaders(
  input: RequestInput,
  init: RequestInit | undefined,
): HeadersInit | null | undefined {
  return init?.headers ?? (isRequestLike(input) ? input.headers : undefined)
}
