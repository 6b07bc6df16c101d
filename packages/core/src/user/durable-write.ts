import type { UserGrant, UserTokenStore } from './user-token-store.js'

/** How long a rotated grant's write is retried while its callers wait, and then in the background. */
const WAIT_FOR_WRITE_MS = 10_000
const KEEP_TRYING_MS = 10 * 60_000

/**
 * Writes a just-rotated grant: compare-and-set against the refresh token it replaces. A store
 * that fails is tried again with backoff, first while the callers wait, then in the background: a
 * rotated grant that never reaches the store logs the user out, so it is never given up lightly.
 * Resolves once written; rejects (the callers get the store's error) if the wait runs out, while
 * the background keeps trying.
 *
 * @example
 * ```ts
 * await writeRotated(store, key, marked.refreshToken, next)
 * ```
 */
export async function writeRotated(
  store: UserTokenStore,
  key: string,
  replacedRefreshToken: string,
  next: UserGrant,
): Promise<void> {
  // The compare-and-set also wins over a dead mark another process put on the same refresh token
  // (the mark keeps it); it loses only to a new install or a forget, which must win.
  const write = async () => void (await store.replace(key, replacedRefreshToken, next))
  const startedAt = Date.now()
  let delayMs = 50
  for (;;) {
    try {
      return await write()
    } catch (error) {
      if (Date.now() - startedAt >= WAIT_FOR_WRITE_MS) {
        keepTrying(write, startedAt + KEEP_TRYING_MS)
        throw error
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs).unref())
      delayMs = Math.min(delayMs * 2, 2_000)
    }
  }
}

function keepTrying(write: () => Promise<void>, until: number): void {
  const timer = setTimeout(() => {
    write().catch(() => {
      if (Date.now() < until) keepTrying(write, until)
    })
  }, 5_000)
  timer.unref()
}
