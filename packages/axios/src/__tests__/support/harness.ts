import { afterEach, beforeEach } from 'vitest'
import {
  zoomTokenProvider,
  type TokenProvider,
  type ZoomTokenProviderOptions,
} from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'

/** An API request as a server saw it: its status and the bearer token it carried, if any. */
export interface SeenRequest {
  readonly status: number
  readonly token: string | undefined
}

/** What a test needs around the emulators; see {@link useZoom}. */
export interface ZoomHarness {
  /** The Zoom the tokens come from and are meant for. */
  readonly zoom: ZoomEmulator
  /** A second emulator: another origin, which must never see our token. */
  readonly other: ZoomEmulator
  /** A provider for `zoom` (closed after the test); its token requests go through `options.fetch`. */
  provider(options?: Partial<ZoomTokenProviderOptions>): TokenProvider
  /** Credentials plus provider options for `zoomAuth` to build its own provider for `zoom`. */
  credentials(options?: Partial<ZoomTokenProviderOptions>): ZoomTokenProviderOptions
  /**
   * Each API request `zoom` saw (or those of `requests`, e.g. a recording origin's): its status and
   * which token it carried (1 = the first seen).
   */
  attempts(requests?: readonly SeenRequest[]): Array<[status: number, token: number | undefined]>
  /** True when `text` holds any token issued in this test (checks without printing anything). */
  containsToken(text: string): boolean
}

/**
 * Starts two fresh Zoom emulators per test and closes them, and every provider made through
 * `provider()`, afterwards. Every token issued to a provider made here is remembered (never
 * printed) so that tests can check that no text contains one. Call at the top of a describe block.
 */
export function useZoom(): ZoomHarness {
  let emulators: { zoom: ZoomEmulator; other: ZoomEmulator } | undefined
  const providers: TokenProvider[] = []
  const issued = new Set<string>()

  beforeEach(async () => {
    const [zoom, other] = await Promise.all([startZoomEmulator(), startZoomEmulator()])
    emulators = { zoom, other }
  })
  afterEach(async () => {
    for (const provider of providers.splice(0)) provider.close()
    issued.clear()
    await Promise.all([emulators?.zoom.close(), emulators?.other.close()])
    emulators = undefined
  })

  const current = () => {
    if (!emulators) throw new Error('useZoom: only inside a test')
    return emulators
  }

  /** Token requests go through `inner`; every token they bring back is remembered. */
  const remembering =
    (inner: typeof fetch = globalThis.fetch): typeof fetch =>
    async (input, init) => {
      const response = await inner(input, init)
      if (response.ok) {
        const body = (await response
          .clone()
          .json()
          .catch(() => undefined)) as { access_token?: unknown } | undefined
        if (typeof body?.access_token === 'string') issued.add(body.access_token)
      }
      return response
    }

  const credentials = (options: Partial<ZoomTokenProviderOptions> = {}) => ({
    ...current().zoom.credentials,
    oauthBaseUrl: current().zoom.url,
    ...options,
    fetch: remembering(options.fetch),
  })

  return {
    get zoom() {
      return current().zoom
    },
    get other() {
      return current().other
    },
    credentials,
    provider(options = {}) {
      const provider = zoomTokenProvider(credentials(options))
      providers.push(provider)
      return provider
    },
    attempts(requests = current().zoom.stats.requests) {
      const numbers = new Map<string, number>()
      return requests.map((request) => {
        const { token } = request
        if (token === undefined) return [request.status, undefined]
        if (!numbers.has(token)) numbers.set(token, numbers.size + 1)
        return [request.status, numbers.get(token)]
      })
    },
    containsToken: (text) => [...issued].some((token) => text.includes(token)),
  }
}
