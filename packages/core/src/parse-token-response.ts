import { ZoomAuthError } from './errors.js'
import type { TokenGrant } from './types.js'

function invalid(message: string, status: number): ZoomAuthError {
  return new ZoomAuthError('invalid_response', message, { status })
}

/**
 * Validates a token endpoint's 200 body one field at a time, in a fixed order, naming the field at fault.
 * A 200 that isn't a token is a server or proxy problem the user must see: `invalid_response`, never retried.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @example
 * ```ts
 * const grant = parseTokenResponse(JSON.parse(text), 200)
 * ```
 */
export function parseTokenResponse(body: unknown, status: number): TokenGrant {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid(`token response (HTTP ${status}) must be a JSON object`, status)
  }
  const fields = body as Record<string, unknown>

  const accessToken = fields['access_token']
  if (typeof accessToken !== 'string' || accessToken.length === 0) {
    throw invalid('"access_token" must be a non-empty string', status)
  }

  const tokenType = fields['token_type']
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw invalid('"token_type" must be "bearer"', status)
  }

  const expiresInSeconds = toPositiveNumber(fields['expires_in'])
  if (expiresInSeconds === undefined) {
    throw invalid('"expires_in" must be a positive number of seconds', status)
  }

  const scopes = toScopes(fields['scope'])
  if (scopes === undefined) {
    throw invalid('"scope" must be a space-separated string or an array of strings', status)
  }

  const apiUrl = fields['api_url']
  if (apiUrl !== undefined && (typeof apiUrl !== 'string' || !URL.canParse(apiUrl))) {
    throw invalid('"api_url" must be an absolute URL', status)
  }

  const refreshToken = fields['refresh_token']
  if (refreshToken !== undefined && (typeof refreshToken !== 'string' || refreshToken === '')) {
    throw invalid('"refresh_token" must be a non-empty string', status)
  }

  const grant: TokenGrant = {
    accessToken,
    expiresInSeconds,
    scopes,
  }
  if (apiUrl !== undefined) grant.apiUrl = apiUrl
  if (refreshToken !== undefined) grant.refreshToken = refreshToken
  return grant
}

// Ten years: anything longer is a broken server, and would overflow timers downstream.
const MAX_EXPIRES_IN_SECONDS = 10 * 365 * 24 * 3600

function toPositiveNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) return undefined
  return Math.min(number, MAX_EXPIRES_IN_SECONDS)
}

/**
 * RFC 6749 sends scope as one space-separated string (what Zoom sends today); Zoom's own document
 * shows `"scope": [String]`. Both are read; anything else is not a scope (`undefined`).
 */
function toScopes(scope: unknown): string[] | undefined {
  if (scope === undefined) return []
  if (typeof scope === 'string') return scope.split(' ').filter(Boolean)
  if (Array.isArray(scope) && scope.every((item) => typeof item === 'string'))
    return scope.filter(Boolean)
  return undefined
}
