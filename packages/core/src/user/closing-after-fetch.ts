import type { TokenProvider, TokenStrategy, ZoomAuthEvent } from '../types.js'

/**
 * Closes the providers of users let go (idle, evicted) once the fetch running on them settles:
 * closed sooner, its callers — in a retry's backoff, or waiting on another process's refresh of
 * the user — would fail with `closed` though nobody closed their handle. A provider that isn't
 * fetching is closed at once; the draining ones are closed by {@link ClosingAfterFetch.closeAll}.
 *
 * @example
 * ```ts
 * const closing = new ClosingAfterFetch()
 * const provider = createTokenProvider(closing.track(strategy, () => provider), {
 *   onEvent: (event) => closing.heard(provider, event),
 * })
 * closing.letGo(provider)
 * ```
 */
export class ClosingAfterFetch {
  readonly #fetching = new WeakSet<TokenProvider>()
  readonly #draining = new Set<TokenProvider>()

  /** The strategy, noting that a fetch of the provider started (it is asked only when fetching). */
  track(strategy: TokenStrategy, provider: () => TokenProvider): TokenStrategy {
    return {
      ...strategy,
      requestToken: (context) => {
        this.#fetching.add(provider())
        return strategy.requestToken(context)
      },
    }
  }

  /** An event of the provider: a fetch settles with `token_fetched` or `refresh_failed`. */
  heard(provider: TokenProvider, event: ZoomAuthEvent): void {
    if (event.type !== 'token_fetched' && event.type !== 'refresh_failed') return
    this.#fetching.delete(provider)
    if (this.#draining.delete(provider)) provider.close()
  }

  letGo(provider: TokenProvider): void {
    if (this.#fetching.has(provider)) this.#draining.add(provider)
    else provider.close()
  }

  closeAll(): void {
    for (const provider of this.#draining) provider.close()
    this.#draining.clear()
  }
}
