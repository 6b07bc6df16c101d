import { startZoomEmulator, type ZoomEmulator, type ZoomEmulatorOptions } from '@zoom-auth/testing'
import type { BenchTarget } from '../clients/types.js'
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
