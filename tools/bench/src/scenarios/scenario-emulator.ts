import { startZoomEmulator, type ZoomEmulator, type ZoomEmulatorOptions } from '@zoom-auth/testing'
import type { BenchClient, BenchTarget, ClientSpec } from '../clients/types.js'
import { startTokenLatencyProxy } from '../token-latency-proxy.js'

/**
 * A fresh emulator per client and scenario, so counts never mix; closed when `use` settles. With
 * `tokenLatencyMs`, `use` also gets the URL of a proxy that answers token requests that much later
 * (API requests go straight to the emulator); without, the emulator's own URL.
 */
export async function withEmulator<T>(
  options: ZoomEmulatorOptions & { tokenLatencyMs?: number },
  use: (emulator: ZoomEmulator, oauthUrl: string) => Promise<T>,
): Promise<T> {
  const { tokenLatencyMs = 0, ...emulatorOptions } = options
  const emulator = await startZoomEmulator(emulatorOptions)
  const proxy =
    tokenLatencyMs > 0 ? await startTokenLatencyProxy(emulator.url, tokenLatencyMs) : undefined
  try {
    return await use(emulator, proxy?.url ?? emulator.url)
  } finally {
    await proxy?.close()
    await emulator.close()
  }
}

/** What {@link withClient} hands its callback. */
export interface ClientRun {
  client: BenchClient
  emulator: ZoomEmulator
  /** The API route every scenario calls. */
  url: string
}

/**
 * A new client of `spec` against a fresh emulator ({@link withEmulator}), closed when `use` settles.
 * `target` adds to what the client is told: other credentials, a token observer, the token lifetime.
 */
export function withClient<T>(
  spec: ClientSpec,
  options: ZoomEmulatorOptions & { tokenLatencyMs?: number },
  use: (run: ClientRun) => Promise<T>,
  target: (emulator: ZoomEmulator) => Parameters<typeof targetOf>[1] = () => ({}),
): Promise<T> {
  return withEmulator(options, async (emulator, oauthUrl) => {
    const client = spec.create(targetOf(emulator, { ...target(emulator), oauthUrl }))
    try {
      return await use({ client, emulator, url: `${emulator.url}/v2/users/me` })
    } finally {
      client.close()
    }
  })
}

/** What a client needs to know about `emulator`. */
export function targetOf(
  emulator: ZoomEmulator,
  extra: Partial<
    Pick<BenchTarget, 'onToken' | 'credentials' | 'oauthUrl' | 'tokenTtlSeconds'>
  > = {},
): BenchTarget {
  return {
    url: emulator.url,
    oauthUrl: extra.oauthUrl ?? emulator.url,
    host: emulator.host,
    credentials: extra.credentials ?? emulator.credentials,
    tokenTtlSeconds: extra.tokenTtlSeconds ?? 3600,
    ...(extra.onToken !== undefined && { onToken: extra.onToken }),
  }
}

/** Resolves once `condition` holds, checking after every turn of the event loop. */
export function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (condition() ? resolve() : setImmediate(check))
    check()
  })
}
