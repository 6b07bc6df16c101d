import axios, { type InternalAxiosRequestConfig } from 'axios'
import { REDACTED, redactAuthorization, scrubCredentials } from '@zoom-auth/core/adapter'

/**
 * Removes the token from everything a failed request leaves behind, in place: the request config
 * (which axios' own later errors, such as a `CanceledError`, also point to), the raw request a
 * stream body was piped into and, for an `AxiosError`, its config, its response's config, the raw
 * request (`_header`, Node's outgoing header map, follow-redirects' options) and its message. The
 * raw request objects stay reachable as `error.request` / `error.response.request` but become
 * non-enumerable, so that `util.inspect` and serialisers don't walk into sockets and agents that
 * belong to other requests.
 *
 * The one place where this adapter redacts; called on every path by which a failure leaves it.
 */
export function redactFailure(config: InternalAxiosRequestConfig, error: unknown): void {
  redactAuthorization(config.headers)
  for (const destination of pipeDestinations(config.data)) scrubRequest(destination)
  if (!axios.isAxiosError(error)) return // a ZoomAuthError holds no request
  redactAuthorization(error.config?.headers)
  error.message = scrubCredentials(error.message)
  if (typeof error.stack === 'string') error.stack = scrubCredentials(error.stack)
  const response: unknown = error.response
  if (typeof response === 'object' && response !== null) {
    redactAuthorization((response as { config?: { headers?: unknown } }).config?.headers)
    hideRequest(response)
  }
  hideRequest(error)
}

function hideRequest(holder: object): void {
  if (!Object.prototype.hasOwnProperty.call(holder, 'request')) return
  const request: unknown = (holder as { request?: unknown }).request
  scrubRequest(request)
  Object.defineProperty(holder, 'request', {
    value: request,
    enumerable: false,
    writable: true,
    configurable: true,
  })
}

/** A Node stream body keeps the requests it was piped into. */
function pipeDestinations(data: unknown): unknown[] {
  const pipes = (data as { _readableState?: { pipes?: unknown } } | null | undefined)
    ?._readableState?.pipes
  return Array.isArray(pipes) ? pipes : []
}

/**
 * Node's `ClientRequest` and follow-redirects' `RedirectableRequest`, which point to each other
 * (`_currentRequest`, `_redirectable`). A fetch `Request` has immutable headers and is only hidden.
 */
function scrubRequest(request: unknown, seen = new Set<unknown>()): void {
  if (typeof request !== 'object' || request === null || seen.has(request)) return
  seen.add(request)
  const raw = request as {
    _header?: unknown
    _options?: { headers?: unknown }
    _currentRequest?: unknown
    _redirectable?: unknown
  }
  if (typeof raw._header === 'string') raw._header = scrubCredentials(raw._header)
  redactOutgoingHeaders(request)
  if (typeof raw._options === 'object' && raw._options !== null)
    redactAuthorization(raw._options.headers)
  scrubRequest(raw._currentRequest, seen)
  scrubRequest(raw._redirectable, seen)
}

/**
 * Node keeps a sent request's headers in a symbol-keyed map (`getHeader` reads it, `setHeader` throws
 * once the headers are out): entries are `[name, value]` pairs under the lowercased name.
 */
function redactOutgoingHeaders(request: object): void {
  const key = Object.getOwnPropertySymbols(request).find(
    (symbol) => symbol.description === 'kOutHeaders',
  )
  if (key === undefined) return
  const entry: unknown = (request as Record<symbol, Record<string, unknown> | null>)[key]?.[
    'authorization'
  ]
  if (Array.isArray(entry) && entry.length > 1) entry[1] = REDACTED
}
