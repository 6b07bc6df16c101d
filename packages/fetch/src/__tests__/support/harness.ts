import { afterEach, beforeEach } from 'vitest'
import {
  zoomTokenProvider,
  type TokenProvider,
  type ZoomTokenProviderOptions,
} from '@zoom-auth/core'

/** What the tests need of a Zoom server: the emulator or this package's local stand-in. */
interface ZoomServer {
  readonly url: string
  readonly credentials: { accountId: string; clientId: string; clientSecret: string }
  close(): Promise<void>
}

/**
 * Starts a fresh server per test and closes it, and every provider made through `provider()`,
 * afterwards. Call at the top of a describe block.
 *
 * @example
 * ```ts
 * const zoom = useZoom(startZoomEmulator)
 * it('…', async () => { const zoomFetch = zoomAuth(zoom.provider(), { hosts: [zoom.server.host] }) })
 * ```
 */
export function useZoom<S extends ZoomServer>(
  start: () => Promise<S>,
): {
  readonly server: S
  provider(options?: Partial<ZoomTokenProviderOptions>): TokenProvider
} {
  let server: S | undefined
  const providers: TokenProvider[] = []
  const running = () => {
    if (!server) throw new Error('useZoom: only inside a test')
    return server
  }
  beforeEach(async () => {
    server = await start()
  })
  afterEach(async () => {
    for (const provider of providers.splice(0)) provider.close()
    await server?.close()
    server = undefined
  })
  return {
    get server() {
      return running()
    },
    provider(options = {}) {
      const { credentials, url } = running()
      const provider = zoomTokenProvider({ ...credentials, oauthBaseUrl: url, ...options })
      providers.push(provider)
      return provider
    },
  }
}
