import type { TokenStoreLock } from '../types.js'
import type { UserTokenStore } from './user-token-store.js'

/**
 * Runs `task` holding the user's refresh lock, so that an install or a revoke never crosses a
 * refresh of the same user: a refresh finishing after a new install would otherwise store its
 * rotated (old) grant over the new one, and a revoke would send a refresh token being rotated.
 * Waits for the lock at most `leaseMs` (a holder renews it only while its one request runs), then
 * goes ahead without it: an install must not hang on a crashed holder's lease.
 *
 * @example
 * ```ts
 * await withUserLock(store, 'user-42', { leaseMs: 15_000, pollIntervalMs: 100 }, () => store.put('user-42', grant))
 * ```
 */
export async function withUserLock<T>(
  store: UserTokenStore,
  key: string,
  timing: { leaseMs: number; pollIntervalMs: number },
  task: () => Promise<T>,
): Promise<T> {
  const deadline = performance.now() + timing.leaseMs
  let lock: TokenStoreLock | undefined
  for (;;) {
    lock = await store.tryLock(key, timing.leaseMs)
    if (lock !== undefined || performance.now() >= deadline) break
    await new Promise((resolve) => setTimeout(resolve, timing.pollIntervalMs))
  }
  try {
    return await task()
  } finally {
    await lock?.release().catch(() => {})
  }
}
