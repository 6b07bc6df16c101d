// @ts-check

/**
 * @typedef {'dual' | 'esm-only' | 'esm-or-dual' | 'bin'} ModuleShape
 *   `dual`: ESM and CJS, both typed; `esm-only`: like its HTTP client; `esm-or-dual`: either is
 *   fine; `bin`: a command, no importable entry point.
 *
 * @typedef {object} PublishedPackage
 * @property {string} name npm name
 * @property {string} dir directory under the repository root
 * @property {ModuleShape} shape the module formats it must ship
 * @property {Record<string, string>} peerDependencies the exact ranges it must declare
 */

/**
 * Every package users install from the registry, with the shape each one promises.
 * Peer floors are deliberate: axios `getAdapter` needs 1.5, got hands a `beforeRequest` error back
 * from `beforeError` only from 14.6.1 on (see /work/shared/CLIENTS.md), undici's types declare
 * `compose` taking interceptors only from 6.11.0 (it runs from 6.9.0).
 *
 * @type {readonly PublishedPackage[]}
 */
export const PUBLISHED_PACKAGES = [
  { name: '@zoom-auth/core', dir: 'packages/core', shape: 'dual', peerDependencies: {} },
  {
    name: '@zoom-auth/axios',
    dir: 'packages/axios',
    shape: 'dual',
    peerDependencies: { axios: '^1.5.0' },
  },
  {
    name: '@zoom-auth/ky',
    dir: 'packages/ky',
    shape: 'esm-only',
    peerDependencies: { ky: '^1.1.0 || ^2.0.0' },
  },
  {
    name: '@zoom-auth/got',
    dir: 'packages/got',
    shape: 'esm-only',
    peerDependencies: { got: '^14.6.1 || ^15.0.0 || ^16.0.0' },
  },
  { name: '@zoom-auth/fetch', dir: 'packages/fetch', shape: 'dual', peerDependencies: {} },
  {
    name: '@zoom-auth/undici',
    dir: 'packages/undici',
    shape: 'dual',
    peerDependencies: { undici: '^6.11.0 || ^7.0.0 || ^8.0.0' },
  },
  {
    name: '@zoom-auth/redis',
    dir: 'packages/redis',
    shape: 'dual',
    peerDependencies: { ioredis: '^5.0.0', redis: '^4.0.0 || ^5.0.0' },
  },
  {
    name: '@zoom-auth/opentelemetry',
    dir: 'packages/opentelemetry',
    shape: 'dual',
    peerDependencies: { '@opentelemetry/api': '^1.3.0' },
  },
  {
    name: '@zoom-auth/testing',
    dir: 'packages/testing',
    shape: 'esm-or-dual',
    peerDependencies: {},
  },
  { name: '@zoom-auth/cli', dir: 'packages/cli', shape: 'bin', peerDependencies: {} },
]

/** What `files` may list: the build, the README and the LICENSE. */
export const ALLOWED_FILES = ['dist', 'README.md', 'LICENSE']
