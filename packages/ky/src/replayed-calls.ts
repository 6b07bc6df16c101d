import type { KyFetch } from './types.js'

/**
 * Tells which attempts of a ky call ended after a replay, so that `beforeRetry` can mark the next
 * attempt's Request and the call replays at most once however many retries ky makes. It follows the
 * objects an attempt ends with: the request a replay was sent for, and the response or error that
 * attempt ended with.
 *
 * @example
 * ```ts
 * const calls = new ReplayedCalls()
 * const transport = calls.watch(() => globalThis.fetch) // the fetch adapter's transport
 * calls.has(request) // true once this attempt has replayed
 * ```
 */
export class ReplayedCalls {
  readonly #sent = new WeakSet<Request>()
  readonly #replayed = new WeakSet<object>()

  /**
   * Wraps the transport the fetch adapter sends through. The adapter sends a replay with the same
   * `Request` as the first attempt, so a second send of a request marks its call.
   */
  watch(transport: () => KyFetch): KyFetch {
    return (request, init) => {
      if (this.#sent.has(request)) this.#replayed.add(request)
      else this.#sent.add(request)
      return transport()(request, init)
    }
  }

  /** True when `value` (a request, response or error) belongs to a call that has replayed. */
  has(value: unknown): boolean {
    return typeof value === 'object' && value !== null && this.#replayed.has(value)
  }

  /** Marks `value` as belonging to a call that has replayed. */
  add(value: unknown): void {
    if (typeof value === 'object' && value !== null) this.#replayed.add(value)
  }
}
