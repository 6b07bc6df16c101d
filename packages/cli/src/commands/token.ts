import { zoomTokenProvider, type AccessToken } from '@zoom-auth/core'
import { readEnvConfig } from '../env-config.js'
import type { CliIo } from '../io.js'
import { openUserApp, savedLogin } from '../user-app.js'

export interface TokenOptions {
  json: boolean
  /** `--user`: a user logged in with `zoom-auth login`, instead of the Server-to-Server app. */
  user?: string | undefined
  /** `--store`: the directory `zoom-auth login` saved the user in. */
  store?: string | undefined
}

/**
 * `zoom-auth token [--json] [--user KEY]`: prints an access token, for
 * `curl -H "Authorization: Bearer $(zoom-auth token)"`; `--json` prints expiry, scopes and api_url
 * too. With `--user`, the token of a user saved by `zoom-auth login`, rotated when due.
 *
 * @example
 * ```ts
 * await tokenCommand(io, { json: false, user: 'me' }) // prints me's access token
 * ```
 */
export async function tokenCommand(io: CliIo, options: TokenOptions): Promise<void> {
  if (options.user !== undefined)
    return printToken(io, await userToken(io, options.user, options.store), options.json)
  const { credentials, oauthBaseUrl } = readEnvConfig(io.env)
  const provider = zoomTokenProvider({ ...credentials, ...(oauthBaseUrl && { oauthBaseUrl }) })
  try {
    printToken(io, await provider.getToken(), options.json)
  } finally {
    provider.close()
  }
}

/**
 * The user's access token, through `zoomUsers` on the file store: the saved one while it is
 * fresh; rotated (and the new pair saved) once it is inside the window in which a running app
 * refreshes ahead — 5 minutes, or half a short token's life — so that what is printed lasts.
 */
async function userToken(
  io: CliIo,
  key: string,
  storeDir: string | undefined,
): Promise<AccessToken> {
  const app = openUserApp(io.env, { storeDir })
  try {
    await savedLogin(app, key)
    const provider = app.users.forUser(key)
    const token = await provider.getToken()
    const lifetimeMs = token.expiresAt - (token.issuedAt ?? token.expiresAt - 3_600_000)
    if (token.expiresAt - Date.now() > Math.min(300_000, lifetimeMs / 2)) return token
    return await provider.getToken({ forceRefresh: true })
  } finally {
    app.users.close()
  }
}

function printToken(io: CliIo, token: AccessToken, json: boolean): void {
  if (!json) return io.stdout(`${token.accessToken}\n`)
  const { accessToken, tokenType, expiresAt, scopes, apiUrl } = token
  const output = {
    accessToken,
    tokenType,
    expiresAt: new Date(expiresAt).toISOString(),
    scopes,
    ...(apiUrl && { apiUrl }),
  }
  io.stdout(`${JSON.stringify(output, null, 2)}\n`)
}
