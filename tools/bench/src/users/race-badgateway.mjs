// @badgateway/oauth2-client in the rotation race: an OAuth2Client with the authorization-code
// flow, and per user an OAuth2Fetch with storeToken / getStoredToken (README "Fetch Wrapper"),
// refreshing with the refresh_token grant. getStoredToken is read once, when the OAuth2Fetch is
// made: nothing re-reads a store another process wrote, so it runs in one process.
import { generateCodeVerifier, OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client'
import { approve, codeOf } from './approve.mjs'

export async function createRaceClient(config) {
  const client = new OAuth2Client({
    server: config.oauthUrl,
    tokenEndpoint: '/oauth/token',
    authorizationEndpoint: '/oauth/authorize',
    clientId: config.credentials.clientId,
    clientSecret: config.credentials.clientSecret,
  })
  /** What storeToken last saved, per user: the app's token storage. */
  const stored = new Map()
  const wrappers = new Map()

  return {
    async install(user) {
      const codeVerifier = await generateCodeVerifier()
      const redirectUri = config.redirectUri
      const authorizeUri = await client.authorizationCode.getAuthorizeUri({
        redirectUri,
        state: user,
        codeVerifier,
      })
      const code = codeOf(await approve(authorizeUri))
      stored.set(user, await client.authorizationCode.getToken({ code, redirectUri, codeVerifier }))
      wrappers.set(
        user,
        new OAuth2Fetch({
          client,
          // No way to get a user's first token without the user: a dead refresh token is the end.
          getNewToken: () => null,
          storeToken: (token) => stored.set(user, token),
          getStoredToken: () => stored.get(user) ?? null,
          onError: () => {},
        }),
      )
    },
    async call(user, url) {
      const response = await wrappers.get(user).fetch(url)
      const body = await response.json()
      return { status: response.status, userId: body.id }
    },
    heldRefreshToken: async (user) => stored.get(user)?.refreshToken ?? undefined,
    close: async () => {},
  }
}
