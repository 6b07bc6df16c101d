import type { AdapterDriver } from './adapter-contract/adapter-driver.js'
import { CONTRACT_BODY_KINDS } from './adapter-contract/adapter-driver.js'
import { adapterSpecContext } from './adapter-contract/adapter-spec-context.js'
import { describeBodyReplaySpecs } from './adapter-contract/body-replay-specs.js'
import { describeConcurrencySpecs } from './adapter-contract/concurrency-specs.js'
import { describeHostScopingSpecs } from './adapter-contract/host-scoping-specs.js'
import { describeRedirectSpecs } from './adapter-contract/redirect-specs.js'
import { describeSecretSpecs } from './adapter-contract/secret-specs.js'
import { describeStatusSpecs } from './adapter-contract/status-specs.js'
import { isReplayDeclaration } from './adapter-contract/driver-parts.js'
import { checkTestApi, invalidContractArgument } from './token-store-contract/contract-arguments.js'
import type { ContractTestApi } from './token-store-contract/contract-test-api.js'

/**
 * Options of {@link describeAdapterContract}.
 *
 * @example
 * ```ts
 * const options: AdapterContractOptions = { concurrency: 50 }
 * ```
 */
export interface AdapterContractOptions {
  /** Requests sent at once by the concurrency specs. Default 25. */
  concurrency?: number
}

/**
 * Registers the specs every zoom-auth adapter keeps, in a `describe` block named after the driver:
 * host scoping (listed hosts only, no look-alikes, `insecure_url` for plain http to a host that is
 * not loopback), one replay after a 401 and never a second, 403 and 400/4711 left alone, the replay
 * of each body kind as the driver declares it, redirects (the token stays in its origin; that
 * origin's 401 earns no replay), concurrency (one token request for many cold requests, one new
 * token for many that meet a revoked one) and secrets (no token, client secret or Basic header in
 * errors, responses or events).
 *
 * Each spec starts its own local Zoom emulator and a recording origin on loopback, on real timers.
 *
 * @param test - The test framework's `describe`, `it`, `expect`, `beforeEach` and `afterEach`:
 *   `import * as vitest from 'vitest'`, or jest's globals.
 * @param driver - Builds a client with the adapter installed (see `axiosDriver`, `kyDriver`,
 *   `gotDriver`, `fetchDriver`), and declares what it does with each body kind on a replay.
 * @param options - `concurrency`: requests sent at once by the concurrency specs (default 25).
 * @throws TypeError (code `ERR_INVALID_ARG_TYPE` or `ERR_INVALID_ARG_VALUE`) for a bad driver or options.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest'
 * import got from 'got'
 * import { zoomAuth } from '@zoom-auth/got'
 * import { describeAdapterContract, gotDriver } from '@zoom-auth/testing/contracts'
 *
 * describeAdapterContract(vitest, gotDriver({ got, zoomAuth }))
 * ```
 */
export function describeAdapterContract(
  test: ContractTestApi,
  driver: AdapterDriver,
  options: AdapterContractOptions = {},
): void {
  checkTestApi(test)
  checkDriver(driver)
  const concurrency = checkConcurrency(options)
  test.describe(`${driver.name} adapter contract`, () => {
    const context = adapterSpecContext(test, driver)
    test.describe('host scoping', () => describeHostScopingSpecs(test, context))
    test.describe('statuses', () => describeStatusSpecs(test, context))
    test.describe('the replay of each body kind', () => describeBodyReplaySpecs(test, context))
    test.describe('redirects', () => describeRedirectSpecs(test, context))
    test.describe('concurrency', () => describeConcurrencySpecs(test, context, concurrency))
    test.describe('secrets', () => describeSecretSpecs(test, context))
  })
}

function checkDriver(driver: AdapterDriver): void {
  if (typeof driver !== 'object' || driver === null || typeof driver.client !== 'function')
    throw invalidContractArgument(
      'ERR_INVALID_ARG_TYPE',
      'the driver must be an object with client(), e.g. axiosDriver({ axios, zoomAuth })',
    )
  if (typeof driver.name !== 'string' || driver.name.trim() === '')
    throw invalidContractArgument('ERR_INVALID_ARG_VALUE', 'the driver must have a non-empty name')
  const replays = driver.replays as unknown as Record<string, unknown> | null
  const missing =
    typeof replays === 'object' && replays !== null
      ? CONTRACT_BODY_KINDS.filter((kind) => !isReplayDeclaration(replays[kind]))
      : CONTRACT_BODY_KINDS
  if (missing.length > 0)
    throw invalidContractArgument(
      'ERR_INVALID_ARG_VALUE',
      `the driver's replays must declare every body kind ('identical' or { outcome, reason }); ` +
        `missing or malformed: ${missing.join(', ')}`,
    )
}

function checkConcurrency(options: AdapterContractOptions): number {
  if (typeof options !== 'object' || options === null)
    throw invalidContractArgument('ERR_INVALID_ARG_TYPE', 'options must be an object')
  const { concurrency = 25 } = options
  if (typeof concurrency !== 'number')
    throw invalidContractArgument('ERR_INVALID_ARG_TYPE', '"concurrency" must be a number')
  if (!Number.isInteger(concurrency) || concurrency < 2 || concurrency > 1_000)
    throw invalidContractArgument(
      'ERR_INVALID_ARG_VALUE',
      '"concurrency" must be an integer from 2 to 1000',
    )
  return concurrency
}
