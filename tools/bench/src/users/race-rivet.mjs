/* global URL */
// @zoom/rivet 0.4 in the rotation race: one UsersOAuthClient per user (its token store holds one
// user's token), each with a TokenStore on Redis shared by every process: rivet reads the store
// at every call, which is how its docs' "persistent token storage" carries a fleet. Its token
// requests reach the emulator through the interceptor of rivet-support.mjs; the API through
// `baseUrl`.
import { Redis } from 'ioredis'
import { UsersOAuthClient } from '@zoom/rivet/users'
import {
  rivetExpiryShiftMs,
  rivetUrlOn,
  routeRivetOAuthTo,
  shiftExpiry,
} from '../clients/rivet-support.mjs'
import { approve, codeOf } from './approve.mjs'

export async function createRaceClient(config) {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true })
  redis.on('error', () => {})
  await redis.connect()
  const unroute = routeRivetOAuthTo(config.oauthUrl)
  const shiftMs = rivetExpiryShiftMs(config.tokenTtlSeconds)
  const redirect = new URL(config.redirectUri)

  /** A TokenStore as rivet's docs describe one (getLatestToken / storeToken), on Redis. */
  const tokenStoreOf = (user) => {
    const key = `${config.prefix}rivet:${user}`
    return {
      getLatestToken: async () => {
        const stored = await redis.get(key)
        return stored === null ? undefined : JSON.parse(stored)
      },
      storeToken: async (token) => {
        await redis.set(key, JSON.stringify(shiftExpiry(token, shiftMs)))
      },
    }
  }

  const clients = new Map(
    config.users.map((user) => {
      const tokenStore = tokenStoreOf(user)
      const client = new UsersOAuthClient({
        clientId: config.credentials.clientId,
        clientSecret: config.credentials.clientSecret,
        tokenStore,
        installerOptions: {
          redirectUri: redirect.origin,
          redirectUriPath: redirect.pathname,
          stateStore: config.stateSecret,
        },
        disableReceiver: true,
        baseUrl: `${config.apiUrl}/v2`,
      })
      return [user, { client, tokenStore }]
    }),
  )

  return {
    async install(user) {
      // What rivet's HttpReceiver does at its install path and its callback.
      const { auth } = clients.get(user).client
      const { fullUrl } = await auth.getAuthorizationUrl()
      await auth.initRedirectCode(codeOf(await approve(rivetUrlOn(fullUrl, config.oauthUrl))))
    },
    async call(user, _url) {
      const response = await clients.get(user).client.endpoints.users.getUser({
        path: { userId: 'me' },
      })
      return { status: response.statusCode, userId: response.data?.id }
    },
    async heldRefreshToken(user) {
      return (await clients.get(user).tokenStore.getLatestToken())?.refreshToken
    },
    async close() {
      unroute()
      await redis.quit()
    },
  }
}
