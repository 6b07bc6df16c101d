import { afterEach, beforeEach } from 'vitest'
import {
  zoomTokenProvider,
  type TokenProvider,
  type ZoomTokenProviderOptions,
} from '@zoom-auth/core'
import { startLocalZoom, type LocalZoom } from './local-zoom.js'

/**
 * Starts a fresh local Zoom (and a second server on another origin) per test and closes them, and
 * every provider made through `provider()`, afterwards. Call at the top of a describe block.
 */
export function useLocalZoom(): {
  /** The Zoom the tokens come from and are meant for. */
  readonly zoom: LocalZoom
  /** Another origin (same loopback address, another port) that records whether a token reached it. */
  readonly other: LocalZoom
  provider(options?: Partial<ZoomTokenProviderOptions>): TokenProvider
  /** Credentials for `zoomAuth` that talk to the local Zoom. */
  credentials(): ZoomTokenProviderOptions
} {
  let servers: { zoom: LocalZoom; other: LocalZoom } | undefined
  const providers: TokenProvider[] = []
  beforeEach(async () => {
    servers = { zoom: await startLocalZoom(), other: await startLocalZoom() }
  })
  afterEach(async () => {
    for (const provider of providers.splice(0)) provider.close()
    await servers?.zoom.close()
    await servers?.other.close()
    servers = undefined
  })
  const current = () => {
    if (!servers) throw new Error('useLocalZoom: only inside a test')
    return servers
  }
  return {
    get zoom() {
      return current().zoom
    },
    get other() {
      return current().other
    },
    provider(options = {}) {
      const provider = zoomTokenProvider({ ...this.credentials(), ...options })
      providers.push(provider)
      return provider
    },
    credentials() {
      const { zoom } = current()
      return { ...zoom.credentials, oauthBaseUrl: zoom.url }
    },
  }
}
