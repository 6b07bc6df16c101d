// @ts-check
import { readFileSync } from 'node:fs'
import { PUBLISHED_PACKAGES } from './published-packages.mjs'

/**
 * @typedef {'core' | 'axios' | 'ky' | 'got' | 'fetch' | 'undici' | 'redis' | 'types' | 'bins'} Column
 *
 * @typedef {object} Row
 * @property {string} id short name, also the scratch directory
 * @property {string} title what the row stands for
 * @property {'system' | '24'} node the system node, or the latest Node 24 from the npm package `node@24`
 * @property {'module' | 'commonjs'} type the scratch project's package.json `type`
 * @property {Record<string, string>} clients what else to install (HTTP and Redis clients, TypeScript), name → npm version spec
 * @property {Column[]} columns cells of this row
 */

/**
 * Every column, in print order. `types` compiles TypeScript consumers of the row's packages;
 * `bins` runs `zoom-emulator` and `zoom-auth` from node_modules/.bin.
 */
export const COLUMNS = /** @type {const} */ ([
  'core',
  'axios',
  'ky',
  'got',
  'fetch',
  'undici',
  'redis',
  'types',
  'bins',
])

/**
 * Redis client packages the `redis` cell runs against the real Redis on 127.0.0.1:6379 when a row
 * installs them, npm name → the kind `esm.mjs`/`cjs.cjs redis` take.
 */
const REDIS_CLIENTS = { ioredis: 'ioredis', redis: 'node-redis' }

/**
 * The undici modules the `undici` cell runs through, in order, when a row installs them: the
 * `undici` package itself, and another major under an npm alias (Node 24 runs undici 8 and 7).
 */
const UNDICI_MODULES = ['undici', 'undici7']

/** TypeScript for the `types` column: the version this repository builds with. */
const TYPESCRIPT = '~5.9.3'

/** The lowest version a package's peer range admits, e.g. `'^14.6.1 || ^15.0.0'` → `'14.6.1'`. */
export function peerFloor(/** @type {string} */ packageName, /** @type {string} */ peer) {
  const range = PUBLISHED_PACKAGES.find((pkg) => pkg.name === packageName)?.peerDependencies[peer]
  const floor = range && /^\^?(\d+\.\d+\.\d+)/.exec(range)?.[1]
  if (!floor) throw new Error(`${packageName} has no ^x.y.z peer range for ${peer}`)
  return floor
}

/** @type {readonly Row[]} */
export const ROWS = [
  {
    id: 'node20-esm',
    title: 'Node 20 · ESM · axios 1, ky 1, got 14, undici 7, ioredis 5, redis 5',
    node: 'system',
    type: 'module',
    clients: {
      axios: '^1',
      ky: '^1',
      got: '^14',
      undici: '^7',
      ioredis: '^5',
      redis: '^5',
      typescript: TYPESCRIPT,
      '@types/node': '^20',
    },
    columns: ['core', 'axios', 'ky', 'got', 'fetch', 'undici', 'redis', 'types', 'bins'],
  },
  {
    // undici 8 needs Node >= 22.19: only this row runs it, beside undici 7 under an alias.
    id: 'node24-esm',
    title: 'Node 24 · ESM · axios latest, ky 2, got 16, undici 8 and 7, redis 5',
    node: '24',
    type: 'module',
    clients: {
      axios: 'latest',
      ky: '^2',
      got: '^16',
      undici: '^8',
      undici7: 'npm:undici@^7',
      redis: '^5',
      typescript: TYPESCRIPT,
      '@types/node': '^24',
    },
    columns: ['core', 'axios', 'ky', 'got', 'fetch', 'undici', 'redis', 'types', 'bins'],
  },
  {
    id: 'node20-cjs',
    title: 'Node 20 · CommonJS (require) · axios 1, undici 7, ioredis 5',
    node: 'system',
    type: 'commonjs',
    clients: {
      axios: '^1',
      undici: '^7',
      ioredis: '^5',
      typescript: TYPESCRIPT,
      '@types/node': '^20',
    },
    columns: ['core', 'axios', 'fetch', 'undici', 'redis', 'types'],
  },
  {
    // The lowest client versions the adapters' and the Redis store's peer ranges admit: a range
    // that promises too much shows up here first.
    id: 'node20-floors',
    title: 'Node 20 · ESM · peer-range floors',
    node: 'system',
    type: 'module',
    clients: {
      axios: peerFloor('@zoom-auth/axios', 'axios'),
      ky: peerFloor('@zoom-auth/ky', 'ky'),
      got: peerFloor('@zoom-auth/got', 'got'),
      undici: peerFloor('@zoom-auth/undici', 'undici'),
      ioredis: peerFloor('@zoom-auth/redis', 'ioredis'),
      redis: peerFloor('@zoom-auth/redis', 'redis'),
      '@opentelemetry/api': peerFloor('@zoom-auth/opentelemetry', '@opentelemetry/api'),
      typescript: TYPESCRIPT,
      '@types/node': '^20',
    },
    columns: ['axios', 'ky', 'got', 'undici', 'redis', 'types'],
  },
]

/**
 * The zoom-auth packages a row installs: what its columns load, plus core and the emulator.
 *
 * @param {Row} row
 * @returns {string[]} package names
 */
export function packagesFor(row) {
  const names = new Set(['@zoom-auth/core', '@zoom-auth/testing'])
  for (const column of row.columns) {
    if (column === 'types') continue
    if (column === 'bins') {
      // The CLI depends on every adapter but redis.
      for (const name of ['axios', 'ky', 'got', 'fetch', 'undici', 'cli'])
        names.add(`@zoom-auth/${name}`)
    } else {
      names.add(`@zoom-auth/${column}`)
    }
  }
  // npm can't fetch an unpublished @zoom-auth dependency (the cli's on the adapters, testing's on
  // core), so its tarball goes along.
  for (const name of names) for (const dependency of zoomDependencies(name)) names.add(dependency)
  return [...names]
}

/**
 * The @zoom-auth packages `name` depends on at run time, from its package.json.
 *
 * @param {string} name e.g. `@zoom-auth/ky`
 * @returns {string[]}
 */
function zoomDependencies(name) {
  const published = PUBLISHED_PACKAGES.find((candidate) => candidate.name === name)
  if (published === undefined) return []
  const manifest = JSON.parse(
    readFileSync(new URL(`../../../${published.dir}/package.json`, import.meta.url), 'utf8'),
  )
  return Object.keys(manifest.dependencies ?? {}).filter((dependency) =>
    dependency.startsWith('@zoom-auth/'),
  )
}

/**
 * The smoke script and its argument for one cell.
 *
 * @param {Row} row
 * @param {Column} column
 * @returns {[script: string, ...args: string[]]}
 */
export function smokeCommand(row, column) {
  if (column === 'bins') return ['bins.mjs']
  if (column === 'types') {
    // One consumer file per package column; core.* also covers redis and testing.
    const consumers = row.columns.filter((other) =>
      ['core', 'axios', 'ky', 'got', 'fetch', 'undici'].includes(other),
    )
    if (row.columns.includes('redis') && !consumers.includes('core')) consumers.push('core')
    return ['types.mjs', row.type === 'commonjs' ? 'cjs' : 'esm', ...consumers]
  }
  const script = row.type === 'commonjs' ? 'cjs.cjs' : 'esm.mjs'
  if (column === 'redis') return [script, column, ...redisClientsOf(row)]
  if (column === 'undici') return [script, column, ...undiciModulesOf(row)]
  return [script, column]
}

/**
 * The undici modules a row installs, e.g. `['undici', 'undici7']`.
 *
 * @param {Row} row
 * @returns {string[]}
 */
export function undiciModulesOf(row) {
  return UNDICI_MODULES.filter((name) => name in row.clients)
}

/**
 * The Redis client kinds a row installs, e.g. `['ioredis', 'node-redis']`.
 *
 * @param {Row} row
 * @returns {string[]}
 */
export function redisClientsOf(row) {
  return Object.entries(REDIS_CLIENTS)
    .filter(([name]) => name in row.clients)
    .map(([, kind]) => kind)
}
