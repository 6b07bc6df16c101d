import { afterEach, beforeEach } from 'vitest'
import {
  zoomTokenProvider,
  type TokenProvider,
  type ZoomTokenProviderOptions,
} from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'

/**
 * Starts a fresh Zoom emulator per test and closes it (and every provider made through `provider()`
 * and every extra emulator made through `another()`) afterwards. Call at the top of a describe block.
 */
export function useZoom(): {
  readonly zoom: ZoomEmulator
  provider(options?: Partial<ZoomTokenProviderOptions>): TokenProvider
  credentials(options?: Partial<ZoomTokenProviderOptions>): ZoomTokenProviderOptions
  /** A second emulator: another host, which must never see our token. */
  another(): Promise<ZoomEmulator>
} {
  let zoom: ZoomEmulator | undefined
  const others: ZoomEmulator[] = []
  const providers: TokenProvider[] = []
  const current = () => {
    if (!zoom) throw new Error('useZoom: only inside a test')
    return zoom
  }
  beforeEach(async () => {
    zoom = await startZoomEmulator()
  })
  afterEach(async () => {
    for (const provider of providers.splice(0)) provider.close()
    await Promise.all([zoom?.close(), ...others.splice(0).map((other) => other.close())])
  })
  const credentials = (options: Partial<ZoomTokenProviderOptions> = {}) => ({
    ...current().credentials,
    oauthBaseUrl: current().url,
    // No waiting between token-endpoint attempts in tests.
    retry: { limit: 0 },
    ...options,
  })
  return {
    get zoom() {
      return current()
    },
    credentials,
    provider(options = {}) {
      const provider = zoomTokenProvider(credentials(options))
      providers.push(provider)
      return provider
    },
    async another() {
      const other = await startZoomEmulator()
      others.push(other)
      return other
    },
  }
}

/** What each recorded API request got and whether it carried a token; never the token itself. */
export function seen(emulator: ZoomEmulator): Array<[status: number, hadToken: boolean]> {
  return emulator.stats.requests.map((request) => [request.status, request.token !== undefined])
}
