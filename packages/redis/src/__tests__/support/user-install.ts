import { createHash, randomBytes } from 'node:crypto'
import type { UserGrant } from '@zoom-auth/core'
import type { ZoomEmulator } from '@zoom-auth/testing'

const REDIRECT_URI = 'http://127.0.0.1:3000/oauth/callback'

/**
 * Installs the app for `userId` at the emulator as a browser and the app's callback would
 * (authorize with PKCE, then exchange the code), and returns the grant an install stores, its
 * access token shown as expired `expiredAgoMs` ago so that the first use refreshes it.
 */
export async function installUser(
  emulator: ZoomEmulator,
  userId: string,
  expiredAgoMs = 1_000,
): Promise<UserGrant> {
  const { clientId, clientSecret } = emulator.credentials
  const verifier = randomBytes(32).toString('base64url')
  emulator.approveAs(userId)
  const authorize = await fetch(
    `${emulator.url}/oauth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      state: 'state',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    })}`,
    { redirect: 'manual' },
  )
  const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? ''
  const response = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    }),
  })
  if (response.status !== 200) throw new Error(`install of ${userId} answered ${response.status}`)
  const pair = (await response.json()) as {
    access_token: string
    refresh_token: string
    scope: string
    api_url: string
  }
  const expiresAt = Date.now() - expiredAgoMs
  return {
    accessToken: pair.access_token,
    refreshToken: pair.refresh_token,
    expiresAt,
    issuedAt: expiresAt - 3_600_000,
    scopes: pair.scope.split(' '),
    apiUrl: pair.api_url,
    clientId,
    userId,
  }
}
