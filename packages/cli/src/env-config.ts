import type { ZoomCredentials } from '@zoom-auth/core'
import { CliError } from './cli-error.js'

/** What the CLI reads from the environment. */
export interface EnvConfig {
  credentials: ZoomCredentials
  oauthBaseUrl?: string
  apiBaseUrl?: string
}

const REQUIRED = [
  ['ZOOM_ACCOUNT_ID', 'accountId'],
  ['ZOOM_CLIENT_ID', 'clientId'],
  ['ZOOM_CLIENT_SECRET', 'clientSecret'],
] as const

/** True when any ZOOM_* credential is set: the demo then calls real Zoom. */
export function hasZoomEnv(env: Record<string, string | undefined>): boolean {
  return REQUIRED.some(([name]) => env[name])
}

/** Reads the credentials, naming the first missing variable in a one-line error. */
export function readEnvConfig(env: Record<string, string | undefined>): EnvConfig {
  const credentials = {} as Record<(typeof REQUIRED)[number][1], string>
  for (const [name, field] of REQUIRED) {
    const value = env[name]?.trim()
    if (!value) {
      throw new CliError(
        `${name} is not set: export the Server-to-Server OAuth app's credentials (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET)`,
        2,
      )
    }
    credentials[field] = value
  }
  return { credentials, ...readBaseUrls(env) }
}

/** `ZOOM_OAUTH_BASE_URL` and `ZOOM_API_BASE_URL` when set, each checked to be an absolute URL. */
export function readBaseUrls(env: Record<string, string | undefined>): {
  oauthBaseUrl?: string
  apiBaseUrl?: string
} {
  const urls: { oauthBaseUrl?: string; apiBaseUrl?: string } = {}
  for (const [name, key] of [
    ['ZOOM_OAUTH_BASE_URL', 'oauthBaseUrl'],
    ['ZOOM_API_BASE_URL', 'apiBaseUrl'],
  ] as const) {
    const value = env[name]?.trim()
    if (!value) continue
    if (!URL.canParse(value))
      throw new CliError(`${name} must be an absolute URL, e.g. https://zoom.us`, 2)
    urls[key] = value
  }
  return urls
}
