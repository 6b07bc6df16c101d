import type { ContractTestApi } from './contract-test-api.js'

/** Prefixes the store contracts' TypeError messages. */
const SCOPE = 'zoom-auth/testing'

/**
 * What both store contracts take besides their own options: the suite's name, how to make a store
 * and a peer on its storage, how to clean up, and the lifetime of what a spec waits for.
 *
 * @example
 * ```ts
 * const { name, createStore } = checkStoreSuiteOptions(options)
 * ```
 */
export interface StoreSuiteOptions<Store> {
  name: string
  createStore: () => Promise<Store> | Store
  createPeer?: (store: Store) => Promise<Store> | Store
  cleanup?: (store: Store) => Promise<void> | void
  shortTtlMs?: number
}

/**
 * Throws a TypeError naming the first of `describe`, `it`, `expect`, `beforeEach` and
 * `afterEach` that `test` lacks: the suite can't register its specs without them.
 *
 * @example
 * ```ts
 * checkTestApi(vitest)
 * ```
 */
export function checkTestApi(test: ContractTestApi): void {
  const methods = ['describe', 'it', 'expect', 'beforeEach', 'afterEach'] as const
  const missing =
    typeof test === 'object' && test !== null
      ? methods.filter((method) => typeof test[method] !== 'function')
      : methods
  if (missing.length > 0) {
    throw invalidContractArgument(
      'ERR_INVALID_ARG_TYPE',
      `the first argument must hold the test framework's ${methods.join(', ')} ` +
        `(import * as vitest from 'vitest'); missing: ${missing.join(', ')}`,
    )
  }
}

/**
 * Checks the options every store contract shares, one field at a time, and throws a TypeError
 * naming the first bad one.
 *
 * @example
 * ```ts
 * checkStoreSuiteOptions(options)
 * ```
 */
export function checkStoreSuiteOptions<Store>(options: StoreSuiteOptions<Store>): void {
  if (typeof options !== 'object' || options === null)
    throw invalidContractArgument('ERR_INVALID_ARG_TYPE', 'options must be an object')
  const { name, createStore, createPeer, cleanup, shortTtlMs } = options
  if (typeof name !== 'string')
    throw invalidContractArgument('ERR_INVALID_ARG_TYPE', '"name" must be a string')
  if (name.trim() === '')
    throw invalidContractArgument('ERR_INVALID_ARG_VALUE', '"name" must not be empty')
  if (typeof createStore !== 'function')
    throw invalidContractArgument('ERR_INVALID_ARG_TYPE', '"createStore" must be a function')
  for (const [key, value] of [
    ['createPeer', createPeer],
    ['cleanup', cleanup],
  ] as const) {
    if (value !== undefined && typeof value !== 'function')
      throw invalidContractArgument('ERR_INVALID_ARG_TYPE', `"${key}" must be a function`)
  }
  if (shortTtlMs !== undefined) {
    if (typeof shortTtlMs !== 'number')
      throw invalidContractArgument('ERR_INVALID_ARG_TYPE', '"shortTtlMs" must be a number')
    // Beyond a minute a spec would outlast any test timeout; below 10 ms timers decide, not the store.
    if (!(shortTtlMs >= 10 && shortTtlMs <= 60_000))
      throw invalidContractArgument(
        'ERR_INVALID_ARG_VALUE',
        '"shortTtlMs" must be from 10 to 60000',
      )
  }
}

/**
 * A TypeError of the contract suites, with an own enumerable `code` as on Node's errors and core's.
 *
 * @example
 * ```ts
 * throw invalidContractArgument('ERR_INVALID_ARG_TYPE', '"name" must be a string')
 * ```
 */
export function invalidContractArgument(
  code: 'ERR_INVALID_ARG_TYPE' | 'ERR_INVALID_ARG_VALUE',
  message: string,
): TypeError {
  return Object.assign(new TypeError(`${SCOPE}: ${message}`), { code })
}
