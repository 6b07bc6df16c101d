'use strict'
// A CommonJS consumer: `node cjs.cjs <core|axios|fetch|undici|redis>` inside a scratch project where
// the packed tarballs were installed with npm. Everything is loaded with require(), the Redis clients
// `redis` may be followed by (`ioredis`, `node-redis`) and the undici modules `undici` may be
// followed by included.
const assert = require('node:assert/strict')
const { adapterChecks, coreChecks, redisChecks, main } = require('./checks.cjs')
const { liveRedisChecks } = require('./redis-live.cjs')
const { undiciChecks } = require('./undici-checks.cjs')

const [target, ...targetArgs] = process.argv.slice(2)

const connectors = {
  axios({ zoomAuth }) {
    const axios = require('axios')
    return (input, options) => {
      const instance = axios.create()
      instance.interceptors.request.use(zoomAuth(input, options))
      const pick = (response) => ({ status: response.status, body: response.data })
      return {
        get: async (url) => pick(await instance.get(url)),
        postJson: async (url, value) => pick(await instance.post(url, value)),
      }
    }
  },
  fetch({ zoomAuth }) {
    return (input, options) => {
      const zoomFetch = zoomAuth(input, options)
      const pick = async (response) => ({ status: response.status, body: await response.json() })
      return {
        get: async (url) => pick(await zoomFetch(url)),
        postJson: async (url, value) =>
          pick(
            await zoomFetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(value),
            }),
          ),
      }
    }
  },
}

main(
  target,
  async () => require('@zoom-auth/testing').startZoomEmulator(),
  async (emulator) => {
    const core = require('@zoom-auth/core')
    const loadsCjs = [
      'loads the CommonJS build',
      () => assert.match(require.resolve(`@zoom-auth/${target}`), /[\\/]dist[\\/][\w.-]+\.cjs$/),
    ]
    if (target === 'core') return [loadsCjs, ...coreChecks({ emulator, core })]
    if (target === 'redis') {
      const redis = require('@zoom-auth/redis')
      const load = async (name) => require(name)
      return [
        loadsCjs,
        ...redisChecks({ emulator, core, redis }),
        ...targetArgs.flatMap((kind) => liveRedisChecks({ emulator, core, redis, kind, load })),
      ]
    }
    if (target === 'undici') {
      const adapter = require('@zoom-auth/undici')
      return [
        loadsCjs,
        [
          're-exports the ZoomAuthError class of the installed core',
          () => assert.equal(adapter.ZoomAuthError, core.ZoomAuthError),
        ],
        ...targetArgs.flatMap((name) =>
          undiciChecks({
            emulator,
            undici: require(name),
            adapter,
            label: `undici ${require(`${name}/package.json`).version}`,
          }),
        ),
      ]
    }
    const connector = connectors[target]
    if (!connector) throw new Error(`unknown smoke target ${target}`)
    const adapter = require(`@zoom-auth/${target}`)
    return [
      loadsCjs,
      [
        're-exports the ZoomAuthError class of the installed core',
        () => assert.equal(adapter.ZoomAuthError, core.ZoomAuthError),
      ],
      ...adapterChecks({
        emulator,
        connect: connector(adapter),
        isZoomAuthError: adapter.isZoomAuthError,
      }),
    ]
  },
)
