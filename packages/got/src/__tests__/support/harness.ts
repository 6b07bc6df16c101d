import { inspect } from 'node:util'
import got, { type ExtendOptions, type Got } from 'got'
import { afterEach, beforeEach } from 'vitest'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import {
  zoomTokenProvider,
  type AdapterOptions,
  type TokenProvider,
  type ZoomTokenProviderOptions,
} from '@zoom-auth/core'
import { zoomAuth } from '../../index.js'

/** One API request as the emulator saw it, without the token itself (tests never handle tokens). */
export interface SentRequest {
  method: string
  /** Path and query string, e.g. `/v2/echo?page=2`. */
  path: string
  status: number
  /** An `Authorization: Bearer …` header was present. */
  withToken: boolean
}

/**
 * Starts a fresh Zoom emulator per test and closes it (and every provider made here) afterwards.
 * Call at the top of a describe block.
 */
export function useZoom(): {
  readonly zoom: ZoomEmulator
  /** The API requests the emulator received so far, in arrival order. */
  sent(): SentRequest[]
  /** A provider for this test's emulator. */
  provider(options?: Partial<ZoomTokenProviderOptions>): TokenProvider
  /** A got instance (prefixUrl: the emulator) with zoom-auth allowed on the emulator, plus `extra`. */
  client(extra?: ExtendOptions, options?: AdapterOptions): { api: Got; provider: TokenProvider }
} {
  let zoom: ZoomEmulator | undefined
  const providers: TokenProvider[] = []
  beforeEach(async () => {
    zoom = await startZoomEmulator()
  })
  afterEach(async () => {
    for (const provider of providers.splice(0)) provider.close()
    await zoom?.close()
  })
  const current = () => {
    if (!zoom) throw new Error('useZoom: only inside a test')
    return zoom
  }
  const harness = {
    get zoom() {
      return current()
    },
    sent() {
      return current().stats.requests.map(({ method, path, status, token }) => ({
        method,
        path,
        status,
        withToken: token !== undefined,
      }))
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

/** Everything a log line could show of an error. Tests check it with `includes`, so a failure never prints it. */
export function printed(error: unknown): string {
  return `${inspect(error, { depth: 8 })}\n${JSON.stringify(error)}\n${String(error)}`
}

/** The provider's cached token, for `includes` checks (never for printing). */
export function tokenOf(provider: TokenProvider): string {
  const token = provider.peek()?.accessToken
  if (token === undefined) throw new Error('no token cached')
  return token
}
