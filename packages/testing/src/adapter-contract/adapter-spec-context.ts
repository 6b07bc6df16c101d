import diagnostics from 'node:diagnostics_channel'
import {
  EVENTS_CHANNEL_NAME,
  zoomTokenProvider,
  type AdapterOptions,
  type TokenProvider,
  type ZoomAuthEvent,
  type ZoomTokenProviderOptions,
} from '@zoom-auth/core'
import { startZoomEmulator } from '../emulator.js'
import type { ContractTestApi } from '../token-store-contract/contract-test-api.js'
import type { ZoomEmulator } from '../types.js'
import type { AdapterDriver, ClientOptions, Send } from './adapter-driver.js'
import { startRecordingOrigin, type RecordingOrigin } from './recording-origin.js'

/**
 * What every spec of the adapter contract works with, new for each spec (read it inside the spec,
 * not when the spec is registered).
 *
 * @example
 * ```ts
 * spec('sends the token', async () => {
 *   expect(await context.send()({ url: `${context.emulator.url}/v2/users/me` })).toMatchObject({ status: 200 })
 * })
 * ```
 */
export interface AdapterSpecContext {
  readonly driver: AdapterDriver
  /** The local Zoom: the token endpoint, and the API that `send()` may give the token to. */
  readonly emulator: ZoomEmulator
  /** Another origin, outside `hosts` unless a spec lists it; keeps every byte it receives. */
  readonly origin: RecordingOrigin
  /** The spec's provider on the emulator, made on first use. */
  readonly provider: TokenProvider
  /** Every event the spec's providers reported to their subscribers, in order. */
  readonly events: ZoomAuthEvent[]
  /** Every message of core's diagnostics channel during the spec. */
  readonly channel: unknown[]
  /** Another provider on the emulator (closed after the spec), e.g. with other credentials. */
  makeProvider(overrides?: Partial<ZoomTokenProviderOptions>): TokenProvider
  /**
   * A client through the driver, on `provider` unless another is given, with `hosts` the emulator's
   * host unless `options` say otherwise.
   */
  send(options?: AdapterOptions, client?: ClientOptions, provider?: TokenProvider): Send
}

/**
 * Tokens the emulator's API saw, in order (`undefined`: no token).
 *
 * @example
 * ```ts
 * expect(tokensSeenBy(context.emulator)).toEqual([first, replay])
 * ```
 */
export function tokensSeenBy(emulator: ZoomEmulator): Array<string | undefined> {
  return emulator.stats.requests.map((request) => request.token)
}

/**
 * `request_replayed` events among a spec's events.
 *
 * @example
 * ```ts
 * expect(replayEvents(context)).toHaveLength(1)
 * ```
 */
export function replayEvents(context: AdapterSpecContext): ZoomAuthEvent[] {
  return context.events.filter((event) => event.type === 'request_replayed')
}

/**
 * Registers the `beforeEach`/`afterEach` that give each spec its own emulator, origin and
 * providers, and returns the context the specs read them through.
 *
 * @example
 * ```ts
 * const context = adapterSpecContext(test, driver)
 * ```
 */
export function adapterSpecContext(
  test: ContractTestApi,
  driver: AdapterDriver,
): AdapterSpecContext {
  let current: { emulator: ZoomEmulator; origin: RecordingOrigin } | undefined
  let provider: TokenProvider | undefined
  const providers: TokenProvider[] = []
  const events: ZoomAuthEvent[] = []
  const channel: unknown[] = []
  const onChannel = (message: unknown) => void channel.push(message)
  const state = () => {
    if (!current)
      throw new Error(
        'zoom-auth/testing: the servers of this spec were not started (see beforeEach)',
      )
    return current
  }

  const makeProvider = (overrides: Partial<ZoomTokenProviderOptions> = {}): TokenProvider => {
    const { emulator } = state()
    const made = zoomTokenProvider({
      ...emulator.credentials,
      oauthBaseUrl: emulator.url,
      ...overrides,
    })
    made.subscribe((event: ZoomAuthEvent) => events.push(event))
    providers.push(made)
    return made
  }

  test.beforeEach(async () => {
    const [emulator, origin] = await Promise.all([startZoomEmulator(), startRecordingOrigin()])
    current = { emulator, origin }
    events.length = 0
    channel.length = 0
    diagnostics.subscribe(EVENTS_CHANNEL_NAME, onChannel)
  })

  test.afterEach(async () => {
    diagnostics.unsubscribe(EVENTS_CHANNEL_NAME, onChannel)
    for (const made of providers.splice(0)) made.close()
    provider = undefined
    const servers = current
    current = undefined
    await Promise.all([servers?.emulator.close(), servers?.origin.close()])
  })

  return {
    driver,
    get emulator() {
      return state().emulator
    },
    get origin() {
      return state().origin
    },
    get provider() {
      return (provider ??= makeProvider())
    },
    events,
    channel,
    makeProvider,
    send(options = {}, client = {}, on) {
      return driver.client(
        on ?? this.provider,
        { hosts: [state().emulator.host], ...options },
        client,
      )
    },
  }
}

/** How long one spec of the contract may take: real sockets, and a token endpoint on each. */
const SPEC_TIMEOUT_MS = 20_000

/**
 * The `it` of the adapter contract: every spec gets the same generous timeout.
 *
 * @example
 * ```ts
 * const spec = adapterSpec(test)
 * spec('replays a 401 once', async () => { … })
 * ```
 */
export function adapterSpec(test: ContractTestApi) {
  return (name: string, body: () => Promise<void>) => test.it(name, body, SPEC_TIMEOUT_MS)
}

/**
 * `promise`'s value, or a rejection naming `what` once `limitMs` have passed without one: a call
 * that hangs fails its spec with a reason instead of at the test timeout.
 *
 * @example
 * ```ts
 * const outcome = await settleWithin(send({ url }), 5_000, 'an always-401 call')
 * ```
 */
export async function settleWithin<T>(
  promise: Promise<T>,
  limitMs: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not settle within ${limitMs} ms`)),
      limitMs,
    )
  })
  try {
    return await Promise.race([promise, limit])
  } finally {
    clearTimeout(timer)
  }
}
