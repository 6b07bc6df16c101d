import { createHash, randomBytes } from 'node:crypto'
import type { ZoomEmulator } from '../../index.js'
import { basicAuth } from './emulator-fixture.js'

export const REDIRECT_URI = 'http://127.0.0.1:3000/oauth/callback'

/** A fresh PKCE pair (RFC 7636, S256). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/** GETs /oauth/authorize as a browser would, without following the redirect. */
export function getAuthorize(
  emulator: ZoomEmulator,
  params: Record<string, string> = {},
): Promise<Response> {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: emulator.credentials.clientId,
    redirect_uri: REDIRECT_URI,
    state: 'state-1',
    ...params,
  })
  return fetch(`${emulator.url}/oauth/authorize?${query}`, { redirect: 'manual' })
}

/** Authorizes and returns the redirect's query (`code`, `state` or `error`). */
export async function authorize(
  emulator: ZoomEmulator,
  params: Record<string, string> = {},
): Promise<URLSearchParams> {
  const response = await getAuthorize(emulator, params)
  if (response.status !== 302) throw new Error(`authorize answered ${response.status}`)
  return new URL(response.headers.get('location') ?? '').searchParams
}

/** POSTs a form to /oauth/token with the emulator's client in a Basic header. */
export function postForm(
  emulator: ZoomEmulator,
  params: Record<string, string>,
  path = '/oauth/token',
): Promise<Response> {
  const { clientId, clientSecret } = emulator.credentials
  return fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { authorization: basicAuth(clientId, clientSecret) },
    body: new URLSearchParams(params),
  })
}

export interface UserPair {
  access_token: string
  refresh_token: string
  token_type: string
  expires_in: number
  scope: string
  api_url: string
}

/** Installs the app (authorize, then exchange the code with PKCE): the user's first pair. */
export async function install(emulator: ZoomEmulator, userId?: string): Promise<UserPair> {
  if (userId !== undefined) emulator.approveAs(userId)
  const { verifier, challenge } = pkcePair()
  const query = await authorize(emulator, {
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })
  const response = await postForm(emulator, {
    grant_type: 'authorization_code',
    code: query.get('code') ?? '',
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  })
  if (response.status !== 200) throw new Error(`code exchange answered ${response.status}`)
  return (await response.json()) as UserPair
}

/** Sends a refresh request with `refreshToken`. */
export function postRefresh(emulator: ZoomEmulator, refreshToken: string): Promise<Response> {
  return postForm(emulator, { grant_type: 'refresh_token', refresh_token: refreshToken })
}

/** Refreshes and returns the new pair; throws unless 200. */
export async function refresh(emulator: ZoomEmulator, refreshToken: string): Promise<UserPair> {
  const response = await postRefresh(emulator, refreshToken)
  if (response.status !== 200) throw new Error(`refresh answered ${response.status}`)
  return (await response.json()) as UserPair
}

export const INVALID_TOKEN = { reason: 'Invalid Token!', error: 'invalid_grant' }
