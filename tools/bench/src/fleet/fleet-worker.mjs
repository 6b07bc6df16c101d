/* global process, setTimeout */
// One process of the fleet scenario: a token provider from the BUILT packages (dist), as a real
// service runs them, with or without the Redis store. Driven by its parent over IPC; it never
// sends a token, only counts.
import { zoomTokenProvider } from '@zoom-auth/core'

const config = JSON.parse(process.env.BENCH_FLEET_CONFIG ?? '{}')
const send = (message) => process.send?.(message)

let redis
let store
if (config.useStore) {
  const { Redis } = await import('ioredis')
  const { redisTokenStore } = await import('@zoom-auth/redis')
  // The options @zoom-auth/redis' README recommends.
  redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    lazyConnect: true,
  })
  redis.on('error', () => {})
  await redis.connect()
  store = redisTokenStore(redis, { prefix: config.prefix })
}

const provider = zoomTokenProvider({
  ...config.credentials,
  oauthBaseUrl: config.oauthBaseUrl,
  ...(store !== undefined && { store }),
})

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function handle(command) {
  switch (command.type) {
    case 'cold': {
      // A service's first requests, several at once.
      const tokens = await Promise.all(
        Array.from({ length: command.concurrent }, () => provider.getToken()),
      )
      return { type: 'cold-done', distinctTokens: new Set(tokens.map((t) => t.accessToken)).size }
    }
    case 'steady': {
      // A request's worth of getToken() every interval, across the token's refresh points.
      const seen = new Set()
      const endAt = Date.now() + command.durationMs
      let calls = 0
      while (Date.now() < endAt) {
        seen.add((await provider.getToken()).accessToken)
        calls++
        await sleep(command.intervalMs)
      }
      return { type: 'steady-done', calls, distinctTokens: seen.size }
    }
    case 'exit':
      provider.close()
      await redis?.quit()
      return { type: 'bye' }
    default:
      return { type: 'error', message: `unknown command ${command.type}` }
  }
}

process.on('message', (command) => {
  handle(command).then(
    (reply) => {
      send(reply)
      if (reply.type === 'bye') process.disconnect()
    },
    (error) => send({ type: 'error', message: String(error?.message ?? error) }),
  )
})
send({ type: 'ready' })
