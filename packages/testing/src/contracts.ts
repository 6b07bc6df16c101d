/**
 * `@zoom-auth/testing/contracts`: the contracts of zoom-auth's extension points as test suites,
 * for anyone who implements one (a `TokenStore` or a `UserTokenStore` on DynamoDB, Postgres…, an
 * adapter for another HTTP client) to run against their own implementation, so "compatible" is checked rather than
 * claimed.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest'
 * import axios from 'axios'
 * import { zoomAuth } from '@zoom-auth/axios'
 * import { axiosDriver, describeAdapterContract, describeTokenStoreContract } from '@zoom-auth/testing/contracts'
 *
 * describeTokenStoreContract(vitest, {
 *   name: 'myTokenStore',
 *   createStore: () => myTokenStore(),
 *   capabilities: { lock: true },
 * })
 * describeAdapterContract(vitest, axiosDriver({ axios, zoomAuth }))
 * ```
 *
 * @packageDocumentation
 */

export { describeTokenStoreContract } from './token-store-contract.js'
export type { TokenStoreContractOptions } from './token-store-contract.js'
export { describeUserTokenStoreContract } from './user-token-store-contract.js'
export type { UserTokenStoreContractOptions } from './user-token-store-contract.js'
export type {
  ContractAssertion,
  ContractTestApi,
} from './token-store-contract/contract-test-api.js'

// The adapter contract, the drivers of the four clients (built from the client you pass in), and
// the secret scan and recording origin its specs use.
export { describeAdapterContract } from './adapter-contract.js'
export type { AdapterContractOptions } from './adapter-contract.js'
export { CONTRACT_BODY_KINDS } from './adapter-contract/adapter-driver.js'
export type {
  AdapterDriver,
  ClientOptions,
  ContractBodyKind,
  DriverBody,
  DriverOutcome,
  DriverRequest,
  ReplayDeclaration,
  ReplayDeclarations,
  Send,
} from './adapter-contract/adapter-driver.js'
export { axiosDriver, AXIOS_REPLAYS } from './adapter-contract/axios-driver.js'
export type { AxiosDriverParts } from './adapter-contract/axios-driver.js'
export { fetchDriver, FETCH_REPLAYS } from './adapter-contract/fetch-driver.js'
export type { FetchDriverParts } from './adapter-contract/fetch-driver.js'
export { gotDriver, GOT_REPLAYS } from './adapter-contract/got-driver.js'
export type { GotDriverParts } from './adapter-contract/got-driver.js'
export { kyDriver, KY_REPLAYS } from './adapter-contract/ky-driver.js'
export type { KyDriverParts } from './adapter-contract/ky-driver.js'
export { undiciDriver, UNDICI_REPLAYS } from './adapter-contract/undici-driver.js'
export type { UndiciDriverParts } from './adapter-contract/undici-driver.js'
export { renderings, SecretSet } from './adapter-contract/secret-scan.js'
export type { Secret } from './adapter-contract/secret-scan.js'

// The origin the body-replay specs send to, for an adapter's own specs of what its client alone
// sends (a body kind or option the contract has no cell for): it keeps every byte it receives.
export { startRecordingOrigin } from './adapter-contract/recording-origin.js'
export type { RecordedRequest, RecordingOrigin } from './adapter-contract/recording-origin.js'

// Two users of a user-level app installed on a fresh emulator per test, for specs of requests made
// as users.
export { INSTALLED_USERS, useInstalledUsers } from './adapter-contract/installed-users.js'
export type { InstalledUsers } from './adapter-contract/installed-users.js'
