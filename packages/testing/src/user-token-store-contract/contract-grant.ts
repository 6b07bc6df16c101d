import { randomBytes } from 'node:crypto'
import type { UserGrant } from '@zoom-auth/core'

const HOUR_MS = 3_600_000

/**
 * A grant shaped like one an install stores: random access and refresh tokens (no two specs
 * share one), an hour-long access token issued now, and only the required fields unless `fields`
 * adds more.
 *
 * @example
 * ```ts
 * await store.put(key, contractGrant({ userId: 'KdYKjnimT4KPd8FFgQt9FQ' }))
 * ```
 */
export function contractGrant(fields: Partial<UserGrant> = {}): UserGrant {
  const issuedAt = Date.now()
  return {
    accessToken: `eyJ.access.${randomBytes(24).toString('base64url')}`,
    refreshToken: `eyJ.refresh.${randomBytes(24).toString('base64url')}`,
    expiresAt: issuedAt + HOUR_MS,
    issuedAt,
    scopes: ['user:read', 'meeting:write'],
    clientId: 'contract-client',
    ...fields,
  }
}

/**
 * A grant with every optional field set: Zoom's `api_url`, the user and account ids, the mark of a
 * refresh in flight and the mark of a dead refresh token (a store keeps whatever it is given).
 *
 * @example
 * ```ts
 * await store.put(key, fullContractGrant())
 * ```
 */
export function fullContractGrant(fields: Partial<UserGrant> = {}): UserGrant {
  const now = Date.now()
  return contractGrant({
    apiUrl: 'https://api.zoom.us',
    userId: 'KdYKjnimT4KPd8FFgQt9FQ',
    accountId: 'q6gBJVO5TzexKYTb_I2rpg',
    refreshStartedAt: now - 1_500,
    dead: { at: now - 1_000, reason: 'answer_lost' },
    ...fields,
  })
}
