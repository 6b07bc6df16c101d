import { fetchUnderWay } from '../token-provider.js'
import type { TokenProvider } from '../types.js'

/**
 * Closes the providers of users let go (idle, evicted) once the fetch under way on them settles:
 * closed sooner, its callers — in a retry's backoff, or waiting on another process's refresh of
 * the user — would fail with `closed` though nobody closed their handle. A provider that isn't
 * fetching is closed at once; the draining ones are closed by {@link ClosingAfterFetch.closeAll}.
 *
 * @example
 * ```ts
 * const closing = new ClosingAfterFetch()
 * closing.letGo(provider)
 * ```
 */
export class ClosingAfterFetch {
  readonly #draining = new Set<TokenProvider>()

  letGo(provider: TokenProvider): void {
    const fetch = fetchUnderWay(provider)
    if (fetch === undefined) return provider.close()
    this.#draining.add(provider)
    // Attached after the callers' own reactions: they get their answer first.
    const close = () => {
      if (this.#draining.delete(provider)) provider.close()
    }
    fetch.then(close, close)
  }

  closeAll(): void {
    for (const provider of this.#draining) provider.close()
    this.#draining.clear()
  }
}
