import { createServer } from 'node:net'
import type { ZoomEmulator } from '@zoom-auth/testing'

/**
 * Asks the emulator for a real token directly (not through zoom-auth), for faults that answer 200
 * with a hand-made body: the API then accepts the token that body carries.
 *
 * @example
 * ```ts
 * const accessToken = await issueToken(emulator)
 * emulator.failNextTokenRequests({ status: 200, body: tokenBody(accessToken, { expires_in: '3600' }) })
 * ```
 */
export async function issueToken(emulator: ZoomEmulator): Promise<string> {
  const { accountId, clientId, clientSecret } = emulator.credentials
  const response = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}` },
    body: new URLSearchParams({ grant_type: 'account_credentials', account_id: accountId }),
  })
  const body = (await response.json()) as { access_token: string }
  return body.access_token
}

/**
 * A token endpoint 200 body as Zoom sends it, with fields replaced or (given `undefined`) removed.
 *
 * @example
 * ```ts
 * tokenBody(accessToken, { token_type: undefined }) // no token_type at all
 * ```
 */
export function tokenBody(
  accessToken: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: 3600,
    scope: 'user:read:admin meeting:read:admin',
    ...overrides,
  }
  for (const [name, value] of Object.entries(body)) if (value === undefined) delete body[name]
  return body
}

/**
 * `http://127.0.0.1:<port>` of a port that was just free and is closed again: connecting is refused.
 *
 * @example
 * ```ts
 * const oauthBaseUrl = await closedPortUrl()
 * ```
 */
export async function closedPortUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}
