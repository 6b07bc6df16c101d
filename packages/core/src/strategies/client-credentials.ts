import { requestTokenEndpoint } from '../token-endpoint.js'
import type { TokenStrategy } from '../types.js'
import { fingerprint } from './fingerprint.js'
import { assertOptionsObject, invalidArgValue, requireSecureUrl, requireString } from '../assert.js'

/** Options of {@link clientCredentials}. */
export interface ClientCredentialsOptions {
  tokenUrl: string
  clientId: string
  clientSecret: string
  /** Space-separated scopes to request. */
  scope?: string
  /** `basic` (default): HTTP Basic header; `body`: `client_id`/`client_secret` form fields. */
  authMethod?: 'basic' | 'body'
}

/**
 * The generic OAuth 2.0 client credentials grant (RFC 6749 §4.4), for any API that speaks it.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 * @example
 * ```ts
 * const provider = createTokenProvider(
 *   clientCredentials({ tokenUrl: 'https://auth.example.com/token', clientId, clientSecret, scope: 'read' }),
 * )
 * ```
 */
export function clientCredentials(options: ClientCredentialsOptions): TokenStrategy {
  assertOptionsObject(
    options,
    'zoom-auth: clientCredentials needs { tokenUrl, clientId, clientSecret }',
  )
  const tokenUrl = requireSecureUrl(options.tokenUrl, 'tokenUrl').href
  const clientId = requireString(options.clientId, 'clientId')
  const clientSecret = requireString(options.clientSecret, 'clientSecret')
  const authMethod = options.authMethod ?? 'basic'
  if (authMethod !== 'basic' && authMethod !== 'body') {
    throw invalidArgValue('zoom-auth: "authMethod" must be "basic" or "body"')
  }

  const form = new URLSearchParams({ grant_type: 'client_credentials' })
  if (options.scope) form.set('scope', options.scope)
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  }
  if (authMethod === 'basic') {
    // RFC 6749 §2.3.1: form-urlencode each part before joining them.
    const user = encodeURIComponent(clientId)
    const password = encodeURIComponent(clientSecret)
    headers['authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
  } else {
    form.set('client_id', clientId)
    form.set('client_secret', clientSecret)
  }
  const body = form.toString()

  return {
    id: `oauth:${fingerprint(tokenUrl, clientId, options.scope ?? '')}`,
    tokenUrl,
    requestToken: (context) =>
      requestTokenEndpoint(context, tokenUrl, { method: 'POST', headers, body }),
  }
}
