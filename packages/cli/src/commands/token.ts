import { zoomTokenProvider } from '@zoom-auth/core'
import { readEnvConfig } from '../env-config.js'
import type { CliIo } from '../io.js'

/**
 * `zoom-auth token [--json]`: prints an access token, for
 * `curl -H "Authorization: Bearer $(zoom-auth token)"`; `--json` prints expiry, scopes and api_url too.
 */
export async function tokenCommand(io: CliIo, options: { json: boolean }): Promise<void> {
  const { credentials, oauthBaseUrl } = readEnvConfig(io.env)
  const provider = zoomTokenProvider({ ...credentials, ...(oauthBaseUrl && { oauthBaseUrl }) })
  try {
    const token = await provider.getToken()
    if (!options.json) return io.stdout(`${token.accessToken}\n`)
    const { accessToken, tokenType, expiresAt, scopes, apiUrl } = token
    const output = {
      accessToken,
      tokenType,
      expiresAt: new Date(expiresAt).toISOString(),
      scopes,
      ...(apiUrl && { apiUrl }),
    }
    io.stdout(`${JSON.stringify(output, null, 2)}\n`)
  } finally {
    provider.close()
  }
}
