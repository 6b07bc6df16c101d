'use strict'
// Smoke checks of @zoom-auth/undici, shared by the ESM and CommonJS entry scripts: the adapter checks
// every adapter keeps, run through each undici the row installs in two ways, and the README's line
// for Node's global fetch. Like checks.cjs, it loads no package itself: the entry script hands in
// the adapter and each undici module.
const assert = require('node:assert/strict')
const { adapterChecks } = require('./checks.cjs')

/** Where Node's fetch (`.1`) and the undici package (`.2`, from undici 7 on) keep the dispatcher. */
const GLOBAL_DISPATCHERS = [
  Symbol.for('undici.globalDispatcher.1'),
  Symbol.for('undici.globalDispatcher.2'),
]

/**
 * @param {object} setup
 * @param {import('@zoom-auth/testing').ZoomEmulator} setup.emulator
 * @param {any} setup.undici one undici module (the `undici` package, or an alias of another major)
 * @param {any} setup.adapter `@zoom-auth/undici`
 * @param {string} setup.label e.g. `undici 8.14.0`, prefixed to each check's name
 * @returns {Array<[string, () => Promise<void> | void]>}
 */
function undiciChecks({ emulator, undici, adapter, label }) {
  const { zoomAuth, isZoomAuthError } = adapter
  const credentials = { ...emulator.credentials, oauthBaseUrl: emulator.url }
  const options = { hosts: [emulator.host] }
  const postOf = (value) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
  })

  /** `undici.request` on an Agent composed with zoomAuth. */
  const viaRequest = (input, adapterOptions) => {
    const dispatcher = new undici.Agent().compose(zoomAuth(input, adapterOptions))
    const pick = async (response) => ({
      status: response.statusCode,
      body: await response.body.json(),
    })
    return {
      get: async (url) => pick(await undici.request(url, { dispatcher })),
      postJson: async (url, value) =>
        pick(await undici.request(url, { dispatcher, ...postOf(value) })),
    }
  }

  /**
   * Node's own global fetch through the package's setGlobalDispatcher (set again before each call:
   * every client of the checks has its own). fetch fails with `TypeError: fetch failed`, the
   * ZoomAuthError as its cause; a user would look there, so the client hands the cause on.
   */
  const viaGlobalFetch = (input, adapterOptions) => {
    const dispatcher = new undici.Agent().compose(zoomAuth(input, adapterOptions))
    const send = async (url, init) => {
      undici.setGlobalDispatcher(dispatcher)
      let response
      try {
        response = await fetch(url, init)
      } catch (error) {
        throw isZoomAuthError(error?.cause) ? error.cause : error
      }
      return { status: response.status, body: await response.json() }
    }
    return { get: (url) => send(url), postJson: (url, value) => send(url, postOf(value)) }
  }

  const prefixed = (how, checks) =>
    checks.map(([name, check]) => [`${label} ${how} · ${name}`, check])
  // The global dispatcher as it was before these checks: the next undici module (a row may run two)
  // starts from it, not from the last client set here.
  const saved = GLOBAL_DISPATCHERS.map((symbol) => globalThis[symbol])
  const restore = () =>
    GLOBAL_DISPATCHERS.forEach((symbol, index) => (globalThis[symbol] = saved[index]))
  const globalFetchChecks = prefixed(
    'global fetch',
    adapterChecks({ emulator, connect: viaGlobalFetch, isZoomAuthError }),
  )
  const [lastName, lastCheck] = globalFetchChecks.pop()
  globalFetchChecks.push([
    lastName,
    async () => {
      try {
        await lastCheck()
      } finally {
        restore()
      }
    },
  ])
  return [
    [
      `${label} · the interceptor's dispatch takes exactly 2 parameters (undici 6's compose insists)`,
      () => assert.equal(zoomAuth(credentials, options)(() => true).length, 2),
    ],
    [
      `${label} · setGlobalDispatcher(getGlobalDispatcher().compose(zoomAuth(…))) authenticates Node's fetch`,
      async () => {
        const before = undici.getGlobalDispatcher()
        undici.setGlobalDispatcher(before.compose(zoomAuth(credentials, options)))
        try {
          emulator.resetStats()
          const response = await fetch(`${emulator.url}/v2/users/me`)
          await response.arrayBuffer()
          assert.equal(response.status, 200)
          assert.equal(
            typeof emulator.stats.requests[0]?.token,
            'string',
            'no bearer token was sent',
          )
          // The provider's own token request went out through the same dispatcher, untouched.
          assert.equal(emulator.stats.tokensIssued, 1)
        } finally {
          undici.setGlobalDispatcher(before)
        }
      },
    ],
    ...prefixed('request', adapterChecks({ emulator, connect: viaRequest, isZoomAuthError })),
    ...globalFetchChecks,
  ]
}

module.exports = { undiciChecks }
