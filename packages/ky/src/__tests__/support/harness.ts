import { afterEach, beforeEach } from 'vitest'
import {
  zoomTokenProvider,
  type TokenProvider,
  type ZoomTokenProviderOptions,
} from '@zoom-auth/core'
import { startStandInZoom, type StandInZoom } from './stand-in-zoom.js'

/**
 * Starts a fresh Zoom stand-in per test and closes it (and every provider made through
 * `provider()`) afterwards. Call at the top of a describe block.
 */
export function useZoom(): {
  readonly zoom: StandInZoom
  provider(options?: Partial<ZoomTokenProviderOptions>): TokenProvider
  credentials(options?: Partial<ZoomTokenProviderOptions>): ZoomTokenProviderOptions
} {
  let zoom: StandInZoom | undefined
  const providers: TokenProvider[] = []
  const current = () => {
    if (!zoom) throw new Error('useZoom: only inside a test')
    return zoom
  }
  beforeEach(async () => {
    zoom = await startStandInZoom()
  })
  afterEach(async () => {
    for (const provider of providers.splice(0)) provider.close()
    await zoom?.close()
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
  }
}
