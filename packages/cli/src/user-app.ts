import { zoomUsers, type UserGrant, type ZoomUsers, type ZoomUsersOptions } from '@zoom-auth/core'
import { CliError } from './cli-error.js'
import { readUserEnvConfig, type UserEnvConfig } from './user-env-config.js'
import { defaultStoreDir } from './user-store/default-store-dir.js'
import { fileUserTokenStore, type FileUserTokenStore } from './user-store/file-user-token-store.js'

/** The user-level app the CLI acts for: its users, the file store that keeps their grants. */
export interface UserApp {
  config: UserEnvConfig
  store: FileUserTokenStore
  users: ZoomUsers
}

/**
 * Opens the user-level OAuth app of `ZOOM_CLIENT_ID` / `ZOOM_CLIENT_SECRET`, its grants kept in
 * `storeDir` (default: {@link defaultStoreDir}). Close `users` when done.
 *
 * @example
 * ```ts
 * const { users, store } = openUserApp(io.env, { storeDir: flags.store })
 * ```
 */
export function openUserApp(
  env: Record<string, string | undefined>,
  options: { storeDir?: string | undefined } & Pick<ZoomUsersOptions, 'redirectUri' | 'scope'> = {},
): UserApp {
  const config = readUserEnvConfig(env)
  const store = fileUserTokenStore(options.storeDir ?? defaultStoreDir(env))
  const { storeDir: _, ...install } = options
  const users = zoomUsers({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(config.oauthBaseUrl && { oauthBaseUrl: config.oauthBaseUrl }),
    store,
    ...install,
  })
  return { config, store, users }
}

/**
 * The saved login of `key`, when it can be used: otherwise one line saying what to run (no file,
 * another app's grant, a refresh token Zoom refused or whose rotation's answer was lost).
 *
 * @example
 * ```ts
 * const grant = await savedLogin(app, 'me') // throws CliError: no login for "me" in …
 * ```
 */
export async function savedLogin(app: UserApp, key: string): Promise<UserGrant> {
  const grant = await app.store.get(key)
  if (grant === undefined)
    throw new CliError(
      `no login for "${key}" in ${app.store.dir}: run zoom-auth login first (or pass the --store it used)`,
    )
  if (grant.clientId !== app.config.clientId)
    throw new CliError(
      `the login of "${key}" was made for another app (client id ${grant.clientId}): run zoom-auth login again with this ZOOM_CLIENT_ID`,
    )
  if (grant.dead)
    throw new CliError(
      `the login of "${key}" can no longer be used: ${
        grant.dead.reason === 'invalid_grant'
          ? 'Zoom refused its refresh token'
          : 'the answer to its last refresh was lost, so its refresh token may be dead'
      } — run zoom-auth login again`,
    )
  return grant
}
