import got, { type ExtendOptions, type Got } from 'got'
import { afterEach, beforeEach } from 'vitest'
import {
  zoomTokenProvider,
  type AdapterOptions,
  type TokenProvider,
  type ZoomTokenProviderOptions,
} from '@zoom-auth/core'
import { zoomAuth } from '../index.js'
import { startLocalZoom, type LocalZoom } from './local-zoom.js'

/**
 * Starts a fresh local Zoom per test and closes it (and every provider made here) afterwards.
 * Call at the top of a describe block.
 */
export function useLocalZoom(): {
  readonly zoom: LocalZoom
  /** A provider for this test's Zoom. */
  provider(options?: Partial<ZoomTokenProviderOptions>): TokenProvider
  /** A got instance with zoom-auth (a shared provider) allowed on this test's Zoom, plus `extra`. */
  client(extra?: ExtendOptions, options?: AdapterOptions): { api: Got; provider: TokenProvider }
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
  const current = () => {
    if (!zoom) throw new Error('useLocalZoom: only inside a test')
    return zoom
  }
  const harness = {
    get zoom() {
      return current()
    },
    provider(options: Partial<ZoomTokenProviderOptions> = {}) {
      const provider = zoomTokenProvider({
        ...current().credentials,
        oauthBaseUrl: current().url,
        ...options,
      })
      providers.push(provider)
      return provider
    },
    client(extra: ExtendOptions = {}, options: AdapterOptions = {}) {
      const provider = harness.provider()
      const api = got.extend(
        { prefixUrl: current().url, ...extra },
        zoomAuth(provider, { hosts: [current().host], ...options }),
      )
      return { api, provider }
    },
  }
  return harness
}

/** Calls an async function and returns what it threw (fails when it didn't throw). */
export async function rejectionOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

/** got retries 5xx with a one-second backoff; tests retry after 1 ms instead. */
export const fastRetry = {
  calculateDelay: ({ computedValue }: { computedValue: number }) => (computedValue > 0 ? 1 : 0),
}
