import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where `zoom-auth login` keeps users' grants unless `--store DIR` says otherwise:
 * `$ZOOM_AUTH_STORE_DIR`, else `$XDG_CONFIG_HOME/zoom-auth/users` (`~/.config/zoom-auth/users`),
 * or `%APPDATA%\zoom-auth\users` on Windows.
 *
 * @example
 * ```ts
 * const store = fileUserTokenStore(flags.store ?? defaultStoreDir(process.env))
 * ```
 */
export function defaultStoreDir(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
): string {
  const given = env['ZOOM_AUTH_STORE_DIR']?.trim()
  if (given) return given
  const config =
    platform === 'win32'
      ? (env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'))
      : env['XDG_CONFIG_HOME']?.trim() || join(homedir(), '.config')
  return join(config, 'zoom-auth', 'users')
}
