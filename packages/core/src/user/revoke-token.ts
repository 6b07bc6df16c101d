import { isZoomAuthError, type ZoomAuthError } from '../errors.js'
import { requestTokenEndpoint } from '../token-endpoint.js'
import { zoomRequest, type ZoomRequestTransport } from './zoom-request.js'

/**
 * `POST {oauthBaseUrl}/oauth/revoke` with the app's Basic header and `token=<token>`: resolves
 * `'revoked'`, or `'already_invalid'` when Zoom answers that the token is dead (nothing was left to
 * revoke). Any other failure rejects with its ZoomAuthError (`invalid_client`, `rate_limited`,
 * `server_error`, `network_error`, `timeout` …), so the caller can keep the grant and try again.
 *
 * @see https://developers.zoom.us/docs/integrations/oauth/#revoking-an-access-token
 * @example
 * ```ts
 * await revokeToken({ fetch, timeoutMs: 10_000 }, 'https://zoom.us/oauth/revoke', basic, grant.refreshToken)
 * ```
 */
export async function revokeToken(
  transport: ZoomRequestTransport,
  revokeUrl: string,
  clientAuthorization: string,
  token: string,
): Promise<'revoked' | 'already_invalid'> {
  try {
    await zoomRequest(transport, 'the revoke endpoint', (signal) =>
      requestTokenEndpoint({ fetch: transport.fetch, signal }, revokeUrl, {
        method: 'POST',
        headers: {
          authorization: clientAuthorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token }).toString(),
      }),
    )
  } catch (error) {
    // Zoom answers a revoke with `{"status":"success"}`, which is no token: any 2xx is a success.
    if (isZoomAuthError(error) && isSuccess(error)) return 'revoked'
    if (isZoomAuthError(error) && isDeadToken(error)) return 'already_invalid'
    throw error
  }
  return 'revoked'
}

function isSuccess(error: ZoomAuthError): boolean {
  return error.status !== undefined && error.status >= 200 && error.status < 300
}

/** Zoom's answer for a token that is already revoked, rotated or expired (`Invalid Token!`). */
function isDeadToken(error: ZoomAuthError): boolean {
  return (
    error.code === 'invalid_request' &&
    (error.error === 'invalid_grant' ||
      error.error === 'invalid_token' ||
      /invalid token/i.test(error.reason ?? ''))
  )
}
