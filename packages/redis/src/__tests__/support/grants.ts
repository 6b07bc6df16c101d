import { randomBytes } from 'node:crypto'
import type { UserGrant } from '@zoom-auth/core'

/** A user's grant as an install stores it, with random tokens and every field set. */
export function makeGrant(fields: Partial<UserGrant> = {}): UserGrant {
  const issuedAt = Date.now()
  return {
    accessToken: `eyJ.access.${randomBytes(24).toString('base64url')}`,
    refreshToken: `eyJ.refresh.${randomBytes(24).toString('base64url')}`,
    expiresAt: issuedAt + 3_600_000,
    issuedAt,
    scopes: ['user:read', 'meeting:write'],
    apiUrl: 'https://api.zoom.us',
    clientId: 'grant-client-id',
    userId: 'KdYKjnimT4KPd8FFgQt9FQ',
    accountId: 'q6gBJVO5TzexKYTb_I2rpg',
    ...fields,
  }
}
