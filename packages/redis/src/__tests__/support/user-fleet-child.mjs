/* global process */
// One process of a user-level app's fleet: zoomUsers sharing users' grants through Redis. Runs the
// BUILT packages (dist), like a real service would. Talks to the parent in JSON lines: it reports
// `ready`, then answers each command on stdin. It never prints a token.
import { createInterface } from 'node:readline'
import { zoomUsers } from '@zoom-auth/core'
import { redisUserTokenStore } from '@zoom-auth/redis'

const config = JSON.parse(process.env.FLEET_CHILD_CONFIG ?? '{}')
const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`)

const client = await connect(config.client)
const users = zoomUsers({
  ...config.credentials,
  oauthBaseUrl: config.oauthBaseUrl,
  store: redisUserTokenStore(client, {
    prefix: config.prefix,
    // The secret travels in the environment, never on a command line others can list.
    encryptionKey: config.encryptionKey,
    commandTimeoutMs: 5_000,
  }),
  timeoutMs: config.timeoutMs,
  pollIntervalMs: 10,
})

async function connect(kind) {
  if (kind === 'node-redis') {
    const { createClient } = await import('redis')
    const nodeRedis = createClient({ url: config.redisUrl })
    nodeRedis.on('error', () => {})
    await nodeRedis.connect()
    return nodeRedis
  }
  const { Redis } = await import('ioredis')
  const ioredis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true })
  ioredis.on('error', () => {})
  await ioredis.connect()
  return ioredis
}

async function handle(command) {
  switch (command.type) {
    case 'getToken':
      // The parent kills this process while the refresh is out: the answer never comes back.
      send({ type: 'asked' })
      try {
        await users.forUser(command.user).getToken()
        return { type: 'token' }
      } catch (error) {
        return { type: 'failed', code: error?.code }
      }
  }
  return { type: 'error', message: `unknown command ${command.type}` }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  handle(JSON.parse(line)).then(send, (error) =>
    send({ type: 'error', message: String(error?.message ?? error) }),
  )
})
send({ type: 'ready' })
