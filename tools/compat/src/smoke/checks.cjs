'use strict'
// Smoke checks shared by the ESM and CommonJS entry scripts. This file is copied into each scratch
// project; it never loads a zoom-auth package itself (the entry script hands them in), so the
// same checks run whichever way the packages were loaded.
const assert = require('node:assert/strict')
const { inspect } = require('node:util')
const { performance } = require('node:perf_hooks')

/** A body with nesting, unicode and characters JSON must escape, to compare after the replay. */
const JSON_BODY = {
  topic: 'compat ✓ "quoted" \\ back',
  type: 2,
  settings: { host_video: true, alternative_hosts: '' },
  tags: ['a', 'b', 'c'],
}

/**
 * Runs named checks in order and prints one line per check.
 *
 * @param {string} label e.g. `axios`
 * @param {Array<[string, () => Promise<void> | void]>} checks
 * @returns {Promise<number>} how many failed
 */
async function runChecks(label, checks) {
  let failures = 0
  for (const [name, check] of checks) {
    const started = performance.now()
    try {
      await check()
      console.log(`ok      ${label} › ${name} (${Math.round(performance.now() - started)} ms)`)
    } catch (error) {
      failures += 1
      console.log(`FAILED  ${label} › ${name}: ${describe(error)}`)
    }
  }
  return failures
}

/** One line about a failure; assertion messages here never contain a token. */
function describe(error) {
  if (!(error instanceof Error)) return String(error)
  const code = typeof error.code === 'string' ? ` [${error.code}]` : ''
  return `${error.name}${code}: ${error.message.split('\n').join(' ').slice(0, 400)}`
}

/**
 * The four behaviours every adapter must keep once installed from its tarball, plus the error a
 * user switches on.
 *
 * @param {object} setup
 * @param {import('@zoom-auth/testing').ZoomEmulator} setup.emulator
 * @param {(input: object, options?: object) => { get(url: string): Promise<{ status: number, body: any }>, postJson(url: string, value: unknown): Promise<{ status: number, body: any }> }} setup.connect
 *   builds a client the way the README shows and answers parsed JSON bodies
 * @param {(value: unknown) => boolean} setup.isZoomAuthError the adapter's re-export
 */
function adapterChecks({ emulator, connect, isZoomAuthError }) {
  const credentials = { ...emulator.credentials, oauthBaseUrl: emulator.url }
  const options = { hosts: [emulator.host] }
  const usersMe = `${emulator.url}/v2/users/me`
  let client

  return [
    [
      'attaches the bearer header',
      async () => {
        emulator.resetStats()
        const response = await connect(credentials, options).get(usersMe)
        assert.equal(response.status, 200)
        assert.equal(emulator.stats.requests.length, 1)
        assert.equal(typeof emulator.stats.requests[0].token, 'string', 'no bearer token was sent')
        assert.equal(emulator.stats.tokensIssued, 1)
      },
    ],
    [
      'cold burst of 50 makes 1 token request',
      async () => {
        emulator.resetStats()
        client = connect(credentials, options)
        const responses = await Promise.all(Array.from({ length: 50 }, () => client.get(usersMe)))
        assert.deepEqual(new Set(responses.map((response) => response.status)), new Set([200]))
        assert.equal(emulator.stats.tokenRequests, 1, 'token requests')
        assert.equal(new Set(emulator.stats.requests.map((request) => request.token)).size, 1)
      },
    ],
    [
      'revoked token: a burst of 10 makes 1 refresh',
      async () => {
        emulator.revokeTokens()
        emulator.resetStats()
        const responses = await Promise.all(Array.from({ length: 10 }, () => client.get(usersMe)))
        assert.deepEqual(new Set(responses.map((response) => response.status)), new Set([200]))
        assert.equal(emulator.stats.tokenRequests, 1, 'token requests')
        assert.ok(emulator.stats.unauthorized >= 1, 'no request saw the revoked token')
      },
    ],
    [
      'replays a JSON body intact after a 401',
      async () => {
        emulator.revokeTokens()
        emulator.resetStats()
        const response = await client.postJson(`${emulator.url}/v2/echo`, JSON_BODY)
        assert.equal(response.status, 200)
        assert.equal(response.body.method, 'POST')
        assert.match(String(response.body.contentType), /^application\/json/)
        assert.deepEqual(JSON.parse(response.body.body), JSON_BODY)
        const echoes = emulator.stats.requests.filter((request) => request.path === '/v2/echo')
        assert.deepEqual(
          echoes.map((request) => request.status),
          [401, 200],
        )
        assert.equal(emulator.stats.tokenRequests, 1, 'token requests')
      },
    ],
    [
      'what a 403 call ends with (an HTTP error, or the response) holds no token',
      async () => {
        emulator.resetStats()
        const outcome = await connect(credentials, options)
          .get(`${emulator.url}/v2/forbidden`)
          .catch((error) => error)
        const tokens = emulator.stats.requests.map((request) => request.token).filter(Boolean)
        assert.equal(tokens.length, 1, 'the 403 request carried no token')
        const text = inspect(outcome, { depth: 10, getters: true })
        assert.ok(!text.includes(tokens[0]), 'the token is in what the call ended with')
      },
    ],
    [
      'rejects with ZoomAuthError invalid_client on a wrong secret',
      async () => {
        emulator.resetStats()
        const wrong = connect({ ...credentials, clientSecret: 'not-the-secret' }, options)
        await assert.rejects(wrong.get(usersMe), (error) => {
          assert.ok(isZoomAuthError(error), `not a ZoomAuthError: ${describe(error)}`)
          assert.equal(error.code, 'invalid_client')
          assert.ok(
            !String(error.message).includes('not-the-secret'),
            'the message holds the secret',
          )
          return true
        })
        assert.equal(emulator.stats.apiRequests, 0, 'the API was called without a token')
      },
    ],
  ]
}

/**
 * Core on its own: one provider, the same lifecycle without an HTTP client.
 *
 * @param {object} setup
 * @param {import('@zoom-auth/testing').ZoomEmulator} setup.emulator
 * @param {typeof import('@zoom-auth/core')} setup.core
 */
function coreChecks({ emulator, core }) {
  const credentials = { ...emulator.credentials, oauthBaseUrl: emulator.url }
  let provider
  let first
  return [
    [
      'cold burst of 50 getToken calls makes 1 token request',
      async () => {
        emulator.resetStats()
        provider = core.zoomTokenProvider(credentials)
        const tokens = await Promise.all(Array.from({ length: 50 }, () => provider.getToken()))
        assert.equal(emulator.stats.tokenRequests, 1, 'token requests')
        assert.equal(new Set(tokens.map((token) => token.accessToken)).size, 1)
        first = tokens[0]
        assert.equal(first.tokenType, 'bearer')
        assert.ok(first.expiresAt > Date.now())
      },
    ],
    [
      'invalidate + a burst of 10 makes 1 refresh',
      async () => {
        emulator.resetStats()
        for (let i = 0; i < 10; i += 1) provider.invalidate(first.accessToken)
        const tokens = await Promise.all(Array.from({ length: 10 }, () => provider.getToken()))
        assert.equal(emulator.stats.tokenRequests, 1, 'token requests')
        assert.equal(new Set(tokens.map((token) => token.accessToken)).size, 1)
        assert.notEqual(tokens[0].accessToken, first.accessToken)
      },
    ],
    [
      'a wrong secret rejects with ZoomAuthError invalid_client',
      async () => {
        const wrong = core.zoomTokenProvider({ ...credentials, clientSecret: 'not-the-secret' })
        await assert.rejects(wrong.getToken(), (error) => {
          assert.ok(error instanceof core.ZoomAuthError, `not a ZoomAuthError: ${describe(error)}`)
          assert.ok(core.isZoomAuthError(error))
          assert.equal(error.code, 'invalid_client')
          assert.ok(!JSON.stringify(error).includes('not-the-secret'), 'the error holds the secret')
          return true
        })
        wrong.close()
      },
    ],
    [
      'a missing accountId throws TypeError at once',
      () => {
        assert.throws(
          () => core.zoomTokenProvider({ clientId: 'c', clientSecret: 's' }),
          (error) => error instanceof TypeError,
        )
        provider.close()
      },
    ],
  ]
}

/**
 * `@zoom-auth/redis` loads and plugs into core's provider. Redis itself isn't needed: with a client
 * that says it is disconnected the store refuses at once and the provider fetches on its own, which
 * is the documented fallback.
 *
 * @param {object} setup
 * @param {import('@zoom-auth/testing').ZoomEmulator} setup.emulator
 * @param {typeof import('@zoom-auth/core')} setup.core
 * @param {typeof import('@zoom-auth/redis')} setup.redis
 */
function redisChecks({ emulator, core, redis }) {
  const credentials = { ...emulator.credentials, oauthBaseUrl: emulator.url }
  const refuse = () => Promise.reject(new Error('connection is closed'))
  const disconnected = { status: 'end', get: refuse, set: refuse, eval: refuse }
  return [
    [
      'a store on a disconnected client falls back to fetching: 50 calls, 1 token request',
      async () => {
        emulator.resetStats()
        const store = redis.redisTokenStore(disconnected, { onError: () => {} })
        const provider = core.zoomTokenProvider({ ...credentials, store })
        const tokens = await Promise.all(Array.from({ length: 50 }, () => provider.getToken()))
        assert.equal(emulator.stats.tokenRequests, 1, 'token requests')
        assert.equal(new Set(tokens.map((token) => token.accessToken)).size, 1)
        provider.close()
      },
    ],
    [
      'something that is not a Redis client throws TypeError',
      () => {
        assert.throws(
          () => redis.redisTokenStore({}),
          (error) => error instanceof TypeError,
        )
        assert.equal(typeof redis.isRedisTokenStoreError, 'function')
      },
    ],
  ]
}

/**
 * Starts an emulator, runs the checks `build` returns for it, closes everything and exits with
 * 0 or 1. A watchdog fails the script rather than letting a hung request stall the matrix.
 *
 * @param {string} label
 * @param {() => Promise<import('@zoom-auth/testing').ZoomEmulator>} start
 * @param {(emulator: import('@zoom-auth/testing').ZoomEmulator) => Promise<Array<[string, () => Promise<void> | void]>>} build
 */
async function main(label, start, build) {
  const watchdog = setTimeout(() => {
    console.log(`FAILED  ${label} › finished within 45 s (a request hung)`)
    process.exit(1)
  }, 45_000)
  let failures = 1
  let emulator
  try {
    emulator = await start()
    failures = await runChecks(label, await build(emulator))
  } catch (error) {
    console.log(`FAILED  ${label} › set up: ${describe(error)}`)
  } finally {
    await emulator?.close()
    clearTimeout(watchdog)
  }
  // Exit at once: keep-alive sockets of some clients would otherwise hold the process for seconds.
  process.exit(failures === 0 ? 0 : 1)
}

module.exports = { adapterChecks, coreChecks, redisChecks, runChecks, main, describe }
