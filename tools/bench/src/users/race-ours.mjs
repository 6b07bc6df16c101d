/* global URL */
// Ours in the rotation race: zoomUsers on a Redis user store shared by every process (the root
// README's "A fleet"), calls through @zoom-auth/fetch naming each request's user (init.zoomUser).
import { Redis } from 'ioredis'
import { zoomAuth, zoomUsers } from '@zoom-auth/fetch'
import { redisUserTokenStore } from '@zoom-auth/redis'
import { approve } from './approve.mjs'

export async function createRaceClient(config) {
  // The options @zoom-auth/redis' README recommends.
  const redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    lazyConnect: true,
  })
  redis.on('error', () => {})
  await redis.connect()
  const store = redisUserTokenStore(redis, {
    prefix: config.prefix,
    // The key travels in the environment, never on a command line others can list.
    encryptionKey: config.encryptionKey,
  })
  const users = zoomUsers({
    clientId: config.credentials.clientId,
    clientSecret: config.credentials.clientSecret,
    oauthBaseUrl: config.oauthUrl,
    redirectUri: config.redirectUri,
    store,
  })
  const zoomFetch = zoomAuth(users, { hosts: [new URL(config.apiUrl).host] })

  return {
    async install(user) {
      const { url } = await users.beginInstall()
      const { key } = await users.completeInstall(await approve(url))
      if (key !== user) throw new Error(`installed ${key}, expected ${user}`)
    },
    async call(user, url) {
      const response = await zoomFetch(url, { zoomUser: user })
      const body = await response.json()
      return { status: response.status, userId: body.id }
    },
    async heldRefreshToken(user) {
      const grant = await store.get(user)
      return grant === undefined || grant.dead !== undefined ? undefined : grant.refreshToken
    },
    async close() {
      users.close()
      await redis.quit()
    },
  }
}
