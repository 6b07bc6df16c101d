import { redactAuthorization } from '@zoom-auth/core'
import { TimeoutError } from 'ky'
import type { KyHookOptions } from './hook-arguments.js'
import type { KyFetch } from './types.js'

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

/** How the replay goes out: the same transport, fetch-only options and per-attempt timeout as ky's. */
export interface ReplayTransport {
  readonly fetch: KyFetch
  /** ky's `timeout`: per attempt, in ms, or `false` for none. */
  readonly timeoutMs: number | false
  /** Options ky passes to fetch beside the Request, such as undici's `dispatcher`. */
  readonly fetchOptions: Record<string, unknown>
}

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
 * Sends the replay as ky would send an attempt: through ky's transport, with ky's fetch-only options,
 * and failing with ky's own `TimeoutError` when it outlasts ky's `timeout`. The returned `Response` goes
 * back to ky from `afterResponse`, so the replay costs none of the caller's `retry` budget.
 *
 * @example
 * ```ts
 * return sendReplay(replay, { fetch, timeoutMs: 10_000, fetchOptions: {} })
 * ```
 */
export async function sendReplay(request: Request, transport: ReplayTransport): Promise<Response> {
  const { timeoutMs } = transport
  if (timeoutMs === false || !Number.isFinite(timeoutMs) || timeoutMs <= 0)
    return transport.fetch(request, transport.fetchOptions)

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
    return await Promise.race([
      transport.fetch(new Request(request, { signal }), transport.fetchOptions),
      timedOut,
    ])
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
