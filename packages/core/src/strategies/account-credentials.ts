import { requestTokenEndpoint } from '../token-endpoint.js'
import type { TokenStrategy, ZoomCredentials } from '../types.js'
import { fingerprint } from './fingerprint.js'
import { assertOptionsObject, requireSecureUrl, requireString } from '../assert.js'

/** Options of {@link accountCredentials}. */
export interface AccountCredentialsOptions {
  /** Default `https://zoom.us`; `https://zoomgov.com` for Zoom for Government. */
  oauthBaseUrl?: string
}

/**
 * Zoom's Server-to-Server OAuth grant: `POST {oauthBaseUrl}/oauth/token` with HTTP Basic client
 * authentication and `grant_type=account_credentials&account_id=…` as a form body.
 *
 * @see https://developers.zoom.us/docs/internal-apps/s2s-oauth/
 * @example
 * ```ts
 * const provider = createTokenProvider(accountCredentials({ accountId, clientId, clientSecret }))
 * ```
 */
export function accountCredentials(
  credentials: ZoomCredentials,
  options: AccountCredentialsOptions = {},
): TokenStrategy {
  assertOptionsObject(
    credentials,
    'zoom-auth: credentials { accountId, clientId, clientSecret } are required',
  )
  const accountId = requireString(credentials.accountId, 'accountId')
  const clientId = requireString(credentials.clientId, 'clientId')
  const clientSecret = requireString(credentials.clientSecret, 'clientSecret')
  const base = requireSecureUrl(options.oauthBaseUrl ?? 'https://zoom.us', 'oauthBaseUrl')
  const tokenUrl = new URL('oauth/token', base.href.endsWith('/') ? base : `${base.href}/`).href

  // Built once: the secret lives only inside this closure, never on an enumerable property.
  const authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
  const body = new URLSearchParams({
    grant_type: 'account_credentials',
    account_id: accountId,
  }).toString()

  return {
    id: `zoom:${fingerprint(tokenUrl, accountId, clientId)}`,
    tokenUrl,
    requestToken: (context) =>
      requestTokenEndpoint(context, tokenUrl, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body,
      }),
  }
}
