import type { ZoomAuthError } from '@zoom-auth/core'

/**
 * One line for a failure of the user-level commands (`login`, `--user`) that says what to run or
 * fix, or `undefined` when the Server-to-Server wording fits as well (timeouts, 5xx, a wrong
 * secret). Names the user key and Zoom's `error` and `reason`; never a token, code or verifier.
 *
 * @example
 * ```ts
 * describeUserError(error) // 'the app was not authorized: … — run zoom-auth login again to retry'
 * ```
 */
export function describeUserError(error: ZoomAuthError): string | undefined {
  if (error.code === 'reauthorization_required')
    return `the login of "${error.userKey ?? '?'}" can no longer be used: ${error.reason ?? 'no grant'} — run zoom-auth login again`
  const reason = error.reason ? `: ${error.reason}` : ''
  switch (error.error) {
    case 'access_denied':
      return 'the app was not authorized (access_denied: declined on Zoom’s page) — run zoom-auth login again to retry'
    case 'invalid_state':
    case 'state_expired':
      return `the callback does not belong to this login (${error.error}) — run zoom-auth login again`
    case 'identify_failed':
      return `GET /v2/users/me refused the new token (identify_failed${reason}) — give the app a scope that reads the user (user:read), or name the login with --user KEY`
    case 'invalid_grant':
      return `Zoom refused the authorization code (invalid_grant${reason}) — run zoom-auth login again`
  }
  if (error.reason === 'Redirect URI mismatch')
    return 'Zoom says the redirect URI is not the one the app was authorized with (Redirect URI mismatch) — register it for the app, or pass the registered one with --redirect-uri'
  if (error.code === 'invalid_request')
    return `Zoom refused the login (${[error.error, error.reason].filter(Boolean).join(': ')}) — check the app's redirect URI and scopes in the Marketplace`
  return undefined
}
