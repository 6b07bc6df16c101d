import { ZoomAuthError, type ZoomAuthErrorCode } from './errors.js'
import { parseRetryAfter } from './retry-after.js'
import { parseTokenResponse } from './parse-token-response.js'
import { scrubCredentials } from './scrub.js'
import type { TokenGrant, TokenRequestContext } from './types.js'

/**
 * One call of an OAuth token endpoint: sends the request, classifies a failure into a
 * {@link ZoomAuthError} code (keeping the endpoint's `error`, `reason` and `Retry-After`),
 * and validates a success. Strategies build the request; this reads the answer.
 *
 * @example
 * ```ts
 * const grant = await requestTokenEndpoint(context, 'https://zoom.us/oauth/token', {
 *   method: 'POST',
 *   headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
 *   body: 'grant_type=account_credentials&account_id=…',
 * })
 * ```
 */
export async function requestTokenEndpoint(
  context: TokenRequestContext,
  url: string,
  init: RequestInit,
): Promise<TokenGrant> {
  const response = await context.fetch(url, { ...init, signal: context.signal, redirect: 'error' })
  const text = await response.text()
  const trackingId = response.headers.get('x-zm-trackingid') ?? undefined
  const body = parseJson(text)

  if (response.ok) {
    if (body === undefined) {
      throw new ZoomAuthError(
        'invalid_response',
        `token endpoint answered HTTP ${response.status} with a body that is not JSON`,
        { status: response.status, ...(trackingId && { trackingId }) },
      )
    }
    return parseTokenResponse(body, response.status)
  }
  throw endpointError(response, body, trackingId)
}

function endpointError(
  response: Response,
  body: unknown,
  trackingId: string | undefined,
): ZoomAuthError {
  const { status } = response
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  // Text from the far end is kept, but scrubbed: a proxy may echo the request's Basic header.
  const error = typeof fields['error'] === 'string' ? scrubCredentials(fields['error']) : undefined
  const reasonField = fields['reason'] ?? fields['error_description'] ?? fields['message']
  const reason =
    typeof reasonField === 'string' ? scrubCredentials(reasonField).slice(0, 300) : undefined
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now())
  const code = classify(status, error)
  const summary = [error, reason].filter(Boolean).join(': ')
  return new ZoomAuthError(
    code,
    `token endpoint answered HTTP ${status}${summary ? ` (${summary})` : ''}`,
    {
      status,
      ...(error !== undefined && { error }),
      ...(reason !== undefined && { reason }),
      ...(retryAfterMs !== undefined && { retryAfterMs }),
      ...(trackingId !== undefined && { trackingId }),
    },
  )
}

function classify(status: number, error: string | undefined): ZoomAuthErrorCode {
  if (status === 429) return 'rate_limited'
  if (status === 408) return 'timeout'
  if (status >= 500) return 'server_error'
  if (error === 'invalid_client' || status === 401) return 'invalid_client'
  return 'invalid_request'
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
