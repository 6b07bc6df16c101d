import { CliError } from './cli-error.js'
import { readBaseUrls } from './env-config.js'

/** What the user-level commands (`login`, `--user`) read from the environment. */
export interface UserEnvConfig {
  /** The user-level OAuth app's client id and secret. */
  clientId: string
  clientSecret: string
  oauthBaseUrl?: string
  apiBaseUrl?: string
}

/**
 * Reads the user-level OAuth app's credentials (`ZOOM_CLIENT_ID`, `ZOOM_CLIENT_SECRET`; no account
 * id), naming the first missing variable in a one-line error (exit 2).
 *
 * @example
 * ```ts
 * const { clientId, clientSecret, oauthBaseUrl } = readUserEnvConfig(process.env)
 * ```
 */
export function readUserEnvConfig(env: Record<string, string | undefined>): UserEnvConfig {
  const values: string[] = []
  for (const name of ['ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET']) {
    const value = env[name]?.trim()
    if (!value)
      throw new CliError(
        `${name} is not set: export the user-level OAuth app's credentials (ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET)`,
        2,
      )
    values.push(value)
  }
  const [clientId, clientSecret] = values as [string, string]
  return { clientId, clientSecret, ...readBaseUrls(env) }
}
