import { parseUrl } from '@zoom-auth/core'
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
 * The absolute URL a request goes to, or `undefined` when there is none (a relative URL): such a
 * request is handed to the transport untouched, which rejects it or resolves it as it sees fit.
 *
 * @example
 * ```ts
 * targetUrl(new Request('https://api.zoom.us/v2/users/me'))?.host // 'api.zoom.us'
 * ```
 */
export function targetUrl(input: RequestInput): URL | undefined {
  const text = isRequestLike(input) ? input.url : String(input)
  return parseUrl(text)
}

/**
 * The signal fetch itself would honour: `init.signal`, else the Request's own.
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
  return init?.signal ?? (isRequestLike(input) ? input.signal : undefined) ?? undefined
}

/**
 * The headers fetch would send (as fetch does, `init.headers` replaces a Request's headers), plus
 * the token. Always a new object: the caller's Request and header objects never see the token.
 *
 * @example
 * ```ts
 * await fetch(input, { ...init, headers: headersWithToken(input, init, accessToken) })
 * ```
 */
export function headersWithToken(
  input: RequestInput,
  init: RequestInit | undefined,
  accessToken: string,
): Headers {
  const source = init?.headers ?? (isRequestLike(input) ? input.headers : undefined)
  // A Headers object is copied entry by entry: undici copies another Headers' raw list, which
  // holds each header twice when a patched global Request (nock 14, msw) rebuilt a Request.
  const headers = new Headers(isHeadersLike(source) ? Array.from(source) : source)
  headers.set('authorization', `Bearer ${accessToken}`)
  return headers
}

function isHeadersLike(source: HeadersInit | undefined): source is Headers {
  return (
    typeof (source as Partial<Headers> | undefined)?.forEach === 'function' &&
    !Array.isArray(source)
  )
}
