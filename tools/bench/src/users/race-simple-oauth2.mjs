/* global fetch */
// simple-oauth2 in the rotation race: AuthorizationCode, and per user the README's pattern: keep
// the AccessToken, `accessToken = await accessToken.refresh()` when `expired(window)`, the
// README's 300 s window scaled to the emulator's token lifetime. Tokens live in the process: one
// process.
import { AuthorizationCode } from 'simple-oauth2'
import { approve, codeOf } from './approve.mjs'

const README_EXPIRATION_WINDOW_SECONDS = 300
const ZOOM_TOKEN_LIFETIME_SECONDS = 3600

export async function createRaceClient(config) {
  const client = new AuthorizationCode({
    client: { id: config.credentials.clientId, secret: config.credentials.clientSecret },
    auth: {
      tokenHost: config.oauthUrl,
      tokenPath: '/oauth/token',
      authorizePath: '/oauth/authorize',
    },
  })
  const windowSeconds =
    (README_EXPIRATION_WINDOW_SECONDS *
      Math.min(config.tokenTtlSeconds, ZOOM_TOKEN_LIFETIME_SECONDS)) /
    ZOOM_TOKEN_LIFETIME_SECONDS
  const tokens = new Map()

  async function tokenOf(user) {
    if (tokens.get(user).expired(windowSeconds)) tokens.set(user, await tokens.get(user).refresh())
    return tokens.get(user).token.access_token
  }

  return {
    async install(user) {
      const redirectUri = config.redirectUri
      const code = codeOf(
        await approve(client.authorizeURL({ redirect_uri: redirectUri, state: user })),
      )
      tokens.set(user, await client.getToken({ code, redirect_uri: redirectUri }))
    },
    async call(user, url) {
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${await tokenOf(user)}` },
      })
      const body = await response.json()
      return { status: response.status, userId: body.id }
    },
    heldRefreshToken: async (user) => tokens.get(user)?.token.refresh_token,
    close: async () => {},
  }
}
