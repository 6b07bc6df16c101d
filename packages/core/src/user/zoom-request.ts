import { ZoomAuthError, isZoomAuthError } from '../errors.js'
import { scrubError } from '../scrub.js'

/** How an install's requests reach Zoom: the provider options' transport and timeout. */
export interface ZoomRequestTransport {
  fetch: typeof fetch
  /** Per request. */
  timeoutMs: number
}

/**
 * One request of an install or a revoke, bounded by `timeoutMs`: a ZoomAuthError from `send` goes
 * through as it is; no answer in time is `timeout`; any other failure is `network_error` with a
 * scrubbed `cause` (some transports quote the request's headers). Never retried here: a code is
 * single-use, so an exchange whose answer was lost can't be sent again.
 *
 * @example
 * ```ts
 * const grant = await zoomRequest(transport, 'the token endpoint', (signal) =>
 *   requestTokenEndpoint({ fetch: transport.fetch, signal }, tokenUrl, init),
 * )
 * ```
 */
export async function zoomRequest<T>(
  transport: ZoomRequestTransport,
  what: string,
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const signal = AbortSignal.timeout(transport.timeoutMs)
  try {
    return await send(signal)
  } catch (error) {
    if (isZoomAuthError(error)) throw error
    if (signal.aborted) {
      throw new ZoomAuthError('timeout', `${what} did not answer within ${transport.timeoutMs} ms`)
    }
    const safe = scrubError(error)
    throw new ZoomAuthError('network_error', `${what} failed: ${safe.message}`, { cause: safe })
  }
}
