import { startZoomEmulator, type ZoomEmulator, type ZoomEmulatorOptions } from '@zoom-auth/testing'
import type { BenchTarget } from '../clients/types.js'

/** A fresh emulator per client and scenario, so counts never mix; closed when `use` settles. */
export async function withEmulator<T>(
  options: ZoomEmulatorOptions,
  use: (emulator: ZoomEmulator) => Promise<T>,
): Promise<T> {
  const emulator = await startZoomEmulator(options)
  try {
    return await use(emulator)
  } finally {
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
