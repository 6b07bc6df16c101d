import { zoomUsers, type UserGrant } from '@zoom-auth/core'
import type { ZoomEmulator } from '@zoom-auth/testing'
import { fileUserTokenStore } from '../../user-store/file-user-token-store.js'

/**
 * Installs `userId` of the emulator into the file store at `dir`, as `zoom-auth login` would have
 * (the emulator's authorize page approves at once), and resolves the stored grant.
 */
export async function installUser(
  emulator: ZoomEmulator,
  dir: string,
  userId: string,
): Promise<UserGrant> {
  const store = fileUserTokenStore(dir)
  const users = zoomUsers({
    clientId: emulator.credentials.clientId,
    clientSecret: emulator.credentials.clientSecret,
    oauthBaseUrl: emulator.url,
    redirectUri: 'http://127.0.0.1:4199/callback',
    store,
  })
  try {
    const { url } = await users.beginInstall()
    emulator.approveAs(userId)
    const redirect = await fetch(url, { redirect: 'manual' })
    await users.completeInstall(redirect.headers.get('location')!)
    return (await store.get(userId))!
  } finally {
    users.close()
  }
}

/** The CLI's environment for the emulator's user-level app (no account id: not needed). */
export function userAppEnv(emulator: ZoomEmulator): Record<string, string> {
  return {
    ZOOM_CLIENT_ID: emulator.credentials.clientId,
    ZOOM_CLIENT_SECRET: emulator.credentials.clientSecret,
    ZOOM_OAUTH_BASE_URL: emulator.url,
  }
}
