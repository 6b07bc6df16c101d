import type { UserGrant } from '@zoom-auth/core'

/**
 * True when `value` has the fields every grant has (tokens, times, scopes, client id) with the
 * right types: what a grant file must hold to be used, and what a write must be given.
 *
 * @example
 * ```ts
 * if (!isUserGrant(JSON.parse(text))) throw new Error(`${file} is not a zoom-auth login`)
 * ```
 */
export function isUserGrant(value: unknown): value is UserGrant {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const grant = value as Partial<Record<keyof UserGrant, unknown>>
  return (
    typeof grant.accessToken === 'string' &&
    typeof grant.refreshToken === 'string' &&
    typeof grant.clientId === 'string' &&
    typeof grant.expiresAt === 'number' &&
    typeof grant.issuedAt === 'number' &&
    Array.isArray(grant.scopes) &&
    grant.scopes.every((scope) => typeof scope === 'string')
  )
}
