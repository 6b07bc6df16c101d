import { randomBytes } from 'node:crypto'
import type { AccessToken } from '@zoom-auth/core'

/** A token that looks like Zoom's and expires `lifetimeMs` from now. */
export function makeToken(lifetimeMs = 3_600_000, fields: Partial<AccessToken> = {}): AccessToken {
  return {
    accessToken: `eyJ.${randomBytes(24).toString('base64url')}`,
    tokenType: 'bearer',
    expiresAt: Date.now() + lifetimeMs,
    scopes: ['user:read:admin'],
    apiUrl: 'https://api.zoom.us',
    ...fields,
  }
}
