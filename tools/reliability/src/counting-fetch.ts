import { flushMicrotasks } from './real-timers.js'

/**
 * A `fetch` for a provider's token requests that knows how many are in flight, so a test on fake
 * timers can let a background refresh (real sockets) land before it moves the clock on.
 *
 * @example
 * ```ts
 * const transport = countingFetch()
 * const provider = zoomTokenProvider({ ...credentials, fetch: transport.fetch })
 * await transport.idle()
 * ```
 */
export function countingFetch(inner: typeof fetch = globalThis.fetch) {
  let inFlight = 0
  const counted: typeof fetch = async (input, init) => {
    inFlight++
    try {
      const response = await inner(input, init)
      // The body is part of the answer: count the request done once it has been read.
      const text = await response.text()
      return new Response(text, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      })
    } finally {
      inFlight--
    }
  }
  return {
    fetch: counted,
    get inFlight() {
      return inFlight
    },
    /** Resolves once no request is in flight and the provider has handled the last answer. */
    async idle(): Promise<void> {
      for (let turn = 0; turn < 10_000 && inFlight > 0; turn++) await flushMicrotasks()
      await flushMicrotasks()
    },
  }
}
