import { isZoomAuthError } from '@zoom-auth/core'
import { scrubCredentials } from '@zoom-auth/core/adapter'
import { CliError } from './cli-error.js'
import { describeUserError } from './describe-user-error.js'

/**
 * One line that says what went wrong and what to fix; never a stack trace or a secret. `flow`
 * `'user'` (login, `--user`) words Zoom's answers for a user-level OAuth app.
 */
export function describeError(
  error: unknown,
  flow: 's2s' | 'user' = 's2s',
): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode }
  if (error instanceof TypeError && error.message.startsWith('zoom-auth:')) {
    return {
      message: `${error.message.slice('zoom-auth: '.length)} (check the ZOOM_* variables)`,
      exitCode: 2,
    }
  }
  if (isZoomAuthError(error)) {
    const userMessage = flow === 'user' ? describeUserError(error) : undefined
    if (userMessage !== undefined) return { message: userMessage, exitCode: 1 }
    const detail = [error.error, error.reason].filter(Boolean).join(': ')
    const hint = HINTS[error.code] ?? ''
    return {
      message: `${error.code}${detail ? ` (${detail})` : ''}${hint ? ` — ${hint}` : ''}`,
      exitCode: 1,
    }
  }
  const message = error instanceof Error ? error.message : String(error)
  return { message: scrubCredentials(message), exitCode: 1 }
}

const HINTS: Partial<Record<string, string>> = {
  invalid_client: 'Zoom rejected the app credentials: check ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET',
  invalid_request:
    'Zoom rejected the request: check ZOOM_ACCOUNT_ID and that the app is a Server-to-Server OAuth app',
  network_error: 'could not reach the token endpoint: check ZOOM_OAUTH_BASE_URL and your network',
  timeout: 'the token endpoint did not answer in time',
  rate_limited: 'the token endpoint is rate limiting: try again later',
  server_error: 'the token endpoint failed: try again later',
  invalid_response:
    'the token endpoint answered something that is not a token: is ZOOM_OAUTH_BASE_URL right?',
  insecure_url: 'use https for ZOOM_API_BASE_URL (plain http only on localhost)',
}
