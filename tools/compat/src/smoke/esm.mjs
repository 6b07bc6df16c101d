// An ES module consumer: `node esm.mjs <core|axios|ky|got|fetch|undici|redis>` inside a scratch
// project where the packed tarballs and the HTTP clients were installed with npm. `redis` may be
// followed by Redis client kinds (`ioredis`, `node-redis`) to run against the real Redis on
// 127.0.0.1:6379; `undici` by the undici modules to run through (`undici`, an alias such as `undici7`).
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import checks from './checks.cjs'
import live from './redis-live.cjs'
import undiciSmoke from './undici-checks.cjs'

const { adapterChecks, coreChecks, redisChecks, main } = checks
const { liveRedisChecks } = live
const { undiciChecks } = undiciSmoke
const [target, ...targetArgs] = process.argv.slice(2)

/** How a user builds each client, as in the package READMEs; answers parsed JSON bodies. */
const connectors = {
  async axios({ zoomAuth }) {
    const { default: axios } = await import('axios')
    return (input, options) => {
      const instance = axios.create()
      instance.interceptors.request.use(zoomAuth(input, options))
      return {
        get: async (url) => pick(await instance.get(url)),
        postJson: async (url, value) => pick(await instance.post(url, value)),
      }
      function pick(response) {
        return { status: response.status, body: response.data }
      }
    }
  },
  async ky({ zoomAuth }) {
    const { default: ky } = await import('ky')
    return (input, options) => {
      const api = ky.create(zoomAuth(input, options))
      return {
        get: async (url) => pick(await api.get(url)),
        postJson: async (url, value) => pick(await api.post(url, { json: value })),
      }
      async function pick(response) {
        return { status: response.status, body: await response.json() }
      }
    }
  },
  async got({ zoomAuth }) {
    const { default: got } = await import('got')
    return (input, options) => {
      const api = got.extend(zoomAuth(input, options))
      return {
        get: async (url) => pick(await api.get(url, { responseType: 'json' })),
        postJson: async (url, value) =>
          pick(await api.post(url, { json: value, responseType: 'json' })),
      }
      function pick(response) {
        return { status: response.statusCode, body: response.body }
      }
    }
  },
  async fetch({ zoomAuth }) {
    return (input, options) => {
      const zoomFetch = zoomAuth(input, options)
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
      async function pick(response) {
        return { status: response.status, body: await response.json() }
      }
    }
  },
}

await main(
  target,
  async () => (await import('@zoom-auth/testing')).startZoomEmulator(),
  async (emulator) => {
    const core = await import('@zoom-auth/core')
    const loadsEsm = [
      `loads the ESM build`,
      () => assert.match(import.meta.resolve(`@zoom-auth/${target}`), /\/dist\/[\w.-]+\.js$/),
    ]
    if (target === 'core') return [loadsEsm, ...coreChecks({ emulator, core })]
    if (target === 'redis') {
      const redis = await import('@zoom-auth/redis')
      const load = (name) => import(name)
      return [
        loadsEsm,
        ...redisChecks({ emulator, core, redis }),
        ...targetArgs.flatMap((kind) => liveRedisChecks({ emulator, core, redis, kind, load })),
      ]
    }
    if (target === 'undici') {
      const adapter = await import('@zoom-auth/undici')
      const checksOf = async (name) => {
        const { version } = createRequire(import.meta.url)(`${name}/package.json`)
        const undici = await import(name)
        return undiciChecks({ emulator, undici, adapter, label: `undici ${version}` })
      }
      return [
        loadsEsm,
        [
          're-exports the ZoomAuthError class of the installed core',
          () => assert.equal(adapter.ZoomAuthError, core.ZoomAuthError),
        ],
        ...(await Promise.all(targetArgs.map(checksOf))).flat(),
      ]
    }
    const connector = connectors[target]
    if (!connector) throw new Error(`unknown smoke target ${target}`)
    const adapter = await import(`@zoom-auth/${target}`)
    return [
      loadsEsm,
      [
        're-exports the ZoomAuthError class of the installed core',
        () => assert.equal(adapter.ZoomAuthError, core.ZoomAuthError),
      ],
      ...adapterChecks({
        emulator,
        connect: await connector(adapter),
        isZoomAuthError: adapter.isZoomAuthError,
      }),
    ]
  },
)
