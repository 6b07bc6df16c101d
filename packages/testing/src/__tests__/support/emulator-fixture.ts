import { afterEach, beforeEach } from 'vitest'
import { startZoomEmulator, type ZoomEmulator, type ZoomEmulatorOptions } from '../../index.js'

/** A fresh emulator for every test of the calling file; the returned getter reads it. */
export function useEmulator(options?: ZoomEmulatorOptions): () => ZoomEmulator {
  let emulator: ZoomEmulator | undefined
  beforeEach(async () => {
    emulator = await startZoomEmulator(options)
  })
  afterEach(async () => {
    await emulator?.close()
    emulator = undefined
  })
  return () => {
    if (emulator === undefined) throw new Error('the emulator only runs inside a test')
    return emulator
  }
}

export function basicAuth(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
}

/** POSTs to /oauth/token with the emulator's own client, as a form body, plus `params`. */
export function postToken(
  emulator: ZoomEmulator,
  params: Record<string, string> = {},
  init: RequestInit = {},
): Promise<Response> {
  const { clientId, clientSecret, accountId } = emulator.credentials
  return fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basicAuth(clientId, clientSecret) },
    body: new URLSearchParams({
      grant_type: 'account_credentials',
      account_id: accountId,
      ...params,
    }),
    ...init,
  })
}

/** A valid account_credentials token. */
export async function issueToken(emulator: ZoomEmulator): Promise<string> {
  const response = await postToken(emulator)
  if (response.status !== 200) throw new Error(`token request answered ${response.status}`)
  const { access_token } = (await response.json()) as { access_token: string }
  return access_token
}

/** Calls the emulator's API with `token` as the bearer token. */
export function callApi(
  emulator: ZoomEmulator,
  path: string,
  token: string | undefined,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers)
  if (token !== undefined) headers.set('authorization', `Bearer ${token}`)
  return fetch(`${emulator.url}${path}`, { ...init, headers })
}
