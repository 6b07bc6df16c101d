'use strict'
// @zoom-auth/redis against the real Redis on 127.0.0.1:6379 (CI starts one) through a real client
// package installed from npm: two providers in one process share a token only through Redis, so
// the emulator's token count shows whether the store works with that client version.
const assert = require('node:assert/strict')
const { randomUUID } = require('node:crypto')
const { readFileSync } = require('node:fs')
const { join } = require('node:path')

const REDIS = { host: '127.0.0.1', port: 6379 }
const CONNECT_TIMEOUT_MS = 3_000

/** The npm package of each client kind the matrix names. */
const PACKAGES = { ioredis: 'ioredis', 'node-redis': 'redis' }

/**
 * @typedef {object} Connection
 * @property {any} client what the store is given
 * @property {(pattern: string) => Promise<string[]>} keys
 * @property {(keys: string[]) => Promise<unknown>} del
 * @property {() => Promise<unknown>} quit
 */

/**
 * `connect()`, rejecting with the socket's own error (ECONNREFUSED, ...) rather than the client's
 * summary of it. The 'error' listener stays: node-redis throws an 'error' event nobody listens to.
 */
async function connectOrExplain(client) {
  let socketError
  client.on('error', (error) => (socketError ??= error))
  try {
    await client.connect()
  } catch (error) {
    const cause = socketError ?? error
    // node-redis wraps it in a ReconnectStrategyError when the strategy says stop.
    throw cause?.socketError ?? cause
  }
}

/**
 * Connects the way packages/redis/README.md shows, but never reconnects: a missing Redis must fail
 * the connect check at once, not queue commands until the watchdog fires.
 *
 * @type {Record<keyof typeof PACKAGES, (clientPackage: any) => Promise<Connection>>}
 */
const CONNECT = {
  async ioredis(ioredis) {
    // The named export `Redis` exists from 5.2.5 on; before, only the default export.
    const Redis = ioredis.Redis ?? ioredis.default
    const client = new Redis({
      ...REDIS,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      commandTimeout: 500,
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: () => null,
    })
    await connectOrExplain(client)
    return {
      client,
      keys: (pattern) => client.keys(pattern),
      del: (keys) => client.del(...keys),
      quit: () => client.quit(),
    }
  },
  async 'node-redis'(nodeRedis) {
    const client = nodeRedis.createClient({
      socket: {
        ...REDIS,
        connectTimeout: CONNECT_TIMEOUT_MS,
        // An Error (not `false`, which 4.0 lacks) ends reconnecting in v4 and v5 alike.
        reconnectStrategy: () => new Error('the compat smoke test does not reconnect'),
      },
    })
    await connectOrExplain(client)
    return {
      client,
      keys: (pattern) => client.keys(pattern),
      del: (keys) => client.del(keys),
      // v5 deprecates QUIT in favour of close(); v4 has only quit().
      quit: () => (typeof client.close === 'function' ? client.close() : client.quit()),
    }
  },
}

/** The version npm installed in the scratch project, which this file is copied into. */
function installedVersion(name) {
  try {
    const manifest = join(__dirname, 'node_modules', name, 'package.json')
    return JSON.parse(readFileSync(manifest, 'utf8')).version
  } catch {
    return '(not installed)'
  }
}

/**
 * Checks for one real client: connect, share a cold token, share a refresh, clean up.
 *
 * @param {object} setup
 * @param {import('@zoom-auth/testing').ZoomEmulator} setup.emulator
 * @param {typeof import('@zoom-auth/core')} setup.core
 * @param {typeof import('@zoom-auth/redis')} setup.redis
 * @param {keyof typeof PACKAGES} setup.kind
 * @param {(name: string) => Promise<any>} setup.load `import()` or `require()` of an npm package
 * @returns {Array<[string, () => Promise<void>]>}
 */
function liveRedisChecks({ emulator, core, redis, kind, load }) {
  const name = PACKAGES[kind]
  const label = `${kind} ${installedVersion(name)}`
  const credentials = { ...emulator.credentials, oauthBaseUrl: emulator.url }
  // A prefix of its own: parallel cells and earlier runs share this Redis.
  const prefix = `zoom-auth-compat:${randomUUID()}:`
  /** @type {string[]} */
  const storeErrors = []
  /** @type {Connection | undefined} */
  let connection
  /** @type {Array<import('@zoom-auth/core').TokenProvider>} */
  let providers = []
  let first = ''

  const connected = () => {
    if (!connection) throw new Error('no Redis connection (see the connect check)')
    return connection
  }
  const started = () => {
    connected()
    if (!first) throw new Error('no shared token (see the check before)')
    return providers
  }
  // Store failures make each provider fetch on its own; say why when the count is off.
  const why = () => (storeErrors.length > 0 ? `; store errors: ${storeErrors.join(' | ')}` : '')

  return [
    [
      `${label}: connects to Redis on 127.0.0.1:6379`,
      async () => {
        const clientPackage = await load(name)
        let timer
        const timeout = new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer')), CONNECT_TIMEOUT_MS + 1_000)
        })
        try {
          connection = await Promise.race([CONNECT[kind](clientPackage), timeout])
        } catch (error) {
          const reason = error?.code ?? (error instanceof Error ? error.message : String(error))
          throw new Error(
            `Redis did not answer on 127.0.0.1:6379 (${reason}); CI starts one, locally run \`redis-server\``,
          )
        } finally {
          clearTimeout(timer)
        }
      },
    ],
    [
      `${label}: two cold providers sharing the store make 1 token request, same token`,
      async () => {
        const store = redis.redisTokenStore(connected().client, { prefix })
        const onEvent = (/** @type {import('@zoom-auth/core').ZoomAuthEvent} */ event) => {
          if (event.type === 'store_error') storeErrors.push(`${event.operation}: ${event.message}`)
        }
        providers = [1, 2].map(() => core.zoomTokenProvider({ ...credentials, store, onEvent }))
        emulator.resetStats()
        const tokens = await Promise.all(providers.map((provider) => provider.getToken()))
        assert.equal(emulator.stats.tokenRequests, 1, `token requests${why()}`)
        // Compared without assert.equal, whose message would print the tokens.
        assert.ok(tokens[0].accessToken === tokens[1].accessToken, 'the providers got two tokens')
        first = tokens[0].accessToken
      },
    ],
    [
      `${label}: invalidate() on one, getToken() on both makes 1 more token request`,
      async () => {
        const [one, other] = started()
        emulator.resetStats()
        one.invalidate(first)
        const [renewed] = await Promise.all([one.getToken(), other.getToken()])
        assert.equal(emulator.stats.tokenRequests, 1, `token requests${why()}`)
        assert.ok(renewed.accessToken !== first, 'the invalidated token came back')
        // The other provider saw no 401 and may answer from memory; once it sees one too, it
        // finds the new token in Redis instead of fetching.
        other.invalidate(first)
        const picked = await other.getToken()
        assert.equal(emulator.stats.tokenRequests, 1, `token requests${why()}`)
        assert.ok(
          picked.accessToken === renewed.accessToken,
          'the other did not pick up the new token',
        )
      },
    ],
    [
      `${label}: its keys are deleted, providers closed, client quit`,
      async () => {
        for (const provider of providers) provider.close()
        const { keys, del, quit } = connected()
        const written = await keys(`${prefix}*`)
        assert.ok(written.length > 0, 'the store wrote no key under its prefix')
        await del(written)
        assert.equal((await keys(`${prefix}*`)).length, 0, 'keys left behind')
        await quit()
      },
    ],
  ]
}

module.exports = { liveRedisChecks }
