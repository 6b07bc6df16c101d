import { afterEach, beforeEach } from 'vitest'
import {
  zoomTokenProvider,
  type TokenProvider,
  type ZoomTokenProviderOptions,
} from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'

/** Anything with undici's `close()`: an Agent, a Pool, a composed dispatcher. */
interface Closable {
  close(): Promise<unknown>
}

/**
 * A fresh emulator per test, and every provider and dispatcher made through `provider()` and
 * `dispatcher()` closed afterwards (an Agent keeps its sockets to the emulator alive otherwise).
 * Call at the top of a describe block.
 *
 * @example
 * ```ts
 * const zoom = useZoom()
 * it('…', async () => { const agent = zoom.dispatcher(new Agent().compose(zoomAuth(zoom.provider(), zoom.hosts))) })
 * ```
 */
export function useZoom(): {
  readonly emulator: ZoomEmulator
  /** `{ hosts: [emulator.host] }`: the emulator is the only host the token may go to. */
  readonly hosts: { hosts: string[] }
  provider(options?: Partial<ZoomTokenProviderOptions>): TokenProvider
  dispatcher<D extends Closable>(dispatcher: D): D
} {
  let emulator: ZoomEmulator | undefined
  const providers: TokenProvider[] = []
  const dispatchers: Closable[] = []
  const running = () => {
    if (!emulator) throw new Error('useZoom: only inside a test')
    return emulator
  }
  beforeEach(async () => {
    emulator = await startZoomEmulator()
  })
  afterEach(async () => {
    for (const provider of providers.splice(0)) provider.close()
    await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.close().catch(() => {})))
    await emulator?.close()
    emulator = undefined
  })
  return {
    get emulator() {
      return running()
    },
    get hosts() {
      return { hosts: [running().host] }
    },
    provider(options = {}) {
      const { credentials, url } = running()
      const provider = zoomTokenProvider({ ...credentials, oauthBaseUrl: url, ...options })
      providers.push(provider)
      return provider
    },
    dispatcher(dispatcher) {
      dispatchers.push(dispatcher)
      return dispatcher
    },
  }
}

/**
 * The tokens the emulator's API saw, in order (`undefined`: none).
 *
 * @example
 * ```ts
 * expect(tokensSeen(zoom.emulator)).toEqual([first, second])
 * ```
 */
export function tokensSeen(emulator: ZoomEmulator): Array<string | undefined> {
  return emulator.stats.requests.map((request) => request.token)
}
