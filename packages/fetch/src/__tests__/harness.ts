import { afterEach, beforeEach } from 'vitest'
import {
  zoomTokenProvider,
  type TokenProvider,
  type ZoomTokenProviderOptions,
} from '@zoom-auth/core'
import { startLocalZoom, type LocalZoom } from './local-zoom.js'

/**
 * Starts a fresh local Zoom per test and closes it (and every provider made through `provider()`)
 * afterwards. Call at the top of a describe block.
 */
export function useLocalZoom(): {
  readonly zoom: LocalZoom
  provider(options?: Partial<ZoomTokenProviderOptions>): TokenProvider
} {
  let zoom: LocalZoom | undefined
  const providers: TokenProvider[] = []
  beforeEach(async () => {
    zoom = await startLocalZoom()
  })
  afterEach(async () => {
    for (const provider of providers.splice(0)) provider.close()
    await zoom?.close()
  })
  return {
    get zoom() {
      if (!zoom) throw new Error('useLocalZoom: only inside a test')
      return zoom
    },
    provider(options = {}) {
      if (!zoom) throw new Error('useLocalZoom: only inside a test')
      const provider = zoomTokenProvider({
        ...zoom.credentials,
        oauthBaseUrl: zoom.url,
        ...options,
      })
      providers.push(provider)
      return provider
    },
  }
}
