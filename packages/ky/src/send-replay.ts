import { redactAuthorization } from '@zoom-auth/core'
import { TimeoutError } from 'ky'
import type { KyHookOptions } from './hook-arguments.js'

/** Options ky turns into the `Request` itself or keeps for itself (ky 1 and ky 2 names together). */
const NOT_FOR_FETCH = new Set([
  // RequestInit, already part of the Request
  'method',
  'headers',
  'body',
  'mode',
  'credentials',
  'cache',
  'redirect',
  'referrer',
  'referrerPolicy',
  'integrity',
  'keepalive',
  'signal',
  'window',
  'duplex',
  'priority',
  // ky's own
  'json',
  'parseJson',
  'stringifyJson',
  'searchParams',
  'prefixUrl',
  'prefix',
  'baseUrl',
  'retry',
  'timeout',
  'totalTimeout',
  'hooks',
  'throwHttpErrors',
  'onDownloadProgress',
  'onUploadProgress',
  'fetch',
  'context',
])

/**
 * The options ky hands fetch beside the Request (its "unknown" options, e.g. undici's `dispatcher`),
 * found the way ky finds them.
 *
 * @example
 * ```ts
 * fetchOnlyOptions({ timeout: 5000, dispatcher }) // { dispatcher }
 * ```
 */
export function fetchOnlyOptions(options: KyHookOptions): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const key of Object.keys(options)) {
    if (!NOT_FOR_FETCH.has(key)) result[key] = options[key]
  }
  return result
}

/**
 * Sends `request` through `send` the way ky 1 would an attempt, for the requests zoomAuth sends from
 * its `beforeRequest` hook (ky 1 with a caller's `fetch` after zoomAuth's): ky's timeout does not
 * cover a `Response` a hook returns, so this one fails with ky's own `TimeoutError` when the attempt,
 * its replay included, outlasts ky's `timeout`.
 *
 * @example
 * ```ts
 * return sendWithTimeout(request, 10_000, (sent) => exchange(sent))
 * ```
 */
export async function sendWithTimeout(
  request: Request,
  timeoutMs: unknown,
  send: (request: Request) => Promise<Response>,
): Promise<Response> {
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0)
    return send(request)

  const timer = new AbortController()
  const signal = AbortSignal.any([request.signal, timer.signal])
  let timeoutId: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<never>((_, reject) => {
    timeoutId = setTimeout(() => {
      // Rejected before aborting, so the race settles with this error, not the transport's AbortError.
      reject(new TimeoutError(withoutToken(request)))
      timer.abort()
    }, timeoutMs)
  })
  try {
    return await Promise.race([send(new Request(request, { signal })), timedOut])
  } finally {
    clearTimeout(timeoutId)
  }
}

/** A body-less copy for the error: the replay's own headers carry the new token. */
function withoutToken(request: Request): Request {
  const headers = new Headers(request.headers)
  redactAuthorization(headers)
  return new Request(request.url, { method: request.method, headers })
}
