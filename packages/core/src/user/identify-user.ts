import { isLoopbackHostname } from '../assert.js'
import { ZoomAuthError } from '../errors.js'
import { parseUrl } from '../parse-url.js'
import { scrubCredentials } from '../scrub.js'
import { installError } from './install-error.js'
import { zoomRequest, type ZoomRequestTransport } from './zoom-request.js'

/** Who a new token belongs to, as `GET /v2/users/me` says. */
export interface ZoomUserIdentity {
  /** Zoom's user id (`id`). */
  userId: string
  /** Zoom's account id (`account_id`), when the answer has one. */
  accountId?: string
}

/**
 * Asks `GET {apiBaseUrl}/v2/users/me` whose a freshly exchanged access token is. The token goes only
 * to the token endpoint's `api_url` (or Zoom's API host) over https — plain http only on loopback.
 * A 429 is `rate_limited`, a 5xx `server_error`, another refusal (a missing `user:read` scope, say)
 * `invalid_request` with `error` `identify_failed`, and a 200 without an `id` `invalid_response`.
 *
 * @see https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId}
 * @example
 * ```ts
 * const { userId, accountId } = await identifyUser(transport, grant.apiUrl ?? 'https://api.zoom.us', grant.accessToken)
 * ```
 */
export async function identifyUser(
  transport: ZoomRequestTransport,
  apiBaseUrl: string,
  accessToken: string,
): Promise<ZoomUserIdentity> {
  const base = parseUrl(apiBaseUrl)
  if (
    base === undefined ||
    !(
      base.protocol === 'https:' ||
      (base.protocol === 'http:' && isLoopbackHostname(base.hostname))
    )
  ) {
    throw new ZoomAuthError(
      'invalid_response',
      'the token endpoint\'s "api_url" must be an https URL (plain http only on loopback)',
    )
  }
  const url = new URL('v2/users/me', base.href.endsWith('/') ? base : `${base.href}/`)
  const { status, body, trackingId } = await zoomRequest(
    transport,
    'GET /v2/users/me',
    async (signal) => {
      const response = await transport.fetch(url, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        redirect: 'error',
        signal,
      })
      const text = await response.text()
      return {
        status: response.status,
        body: parseObject(text),
        trackingId: response.headers.get('x-zm-trackingid') ?? undefined,
      }
    },
  )
  const details = { status, ...(trackingId !== undefined && { trackingId }) }
  if (status >= 200 && status < 300) {
    const id = body?.['id']
    if (typeof id !== 'string' || id === '') {
      throw new ZoomAuthError(
        'invalid_response',
        'GET /v2/users/me answered without an "id"',
        details,
      )
    }
    const accountId = body?.['account_id']
    return { userId: id, ...(typeof accountId === 'string' && accountId !== '' && { accountId }) }
  }
  const said = [body?.['code'], body?.['message']].filter((part) => part !== undefined).join(': ')
  const reason = said === '' ? undefined : scrubCredentials(said).slice(0, 300)
  const message = `GET /v2/users/me answered HTTP ${status}${reason ? ` (${reason})` : ''}`
  if (status === 429) throw new ZoomAuthError('rate_limited', message, details)
  if (status >= 500) throw new ZoomAuthError('server_error', message, details)
  throw installError('identify_failed', message, {
    ...details,
    ...(reason !== undefined && { reason }),
  })
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
