/**
 * The real timer functions, captured when this module loads, before any test installs fake timers:
 * watchdogs and event-loop flushes must keep working while a test drives time with `vi.useFakeTimers()`.
 */
export const realSetTimeout = globalThis.setTimeout
export const realClearTimeout = globalThis.clearTimeout
export const realSetImmediate = globalThis.setImmediate

/**
 * Resolves after every microtask queued so far (and those they queue) has run.
 *
 * @example
 * ```ts
 * void provider.getToken().then(() => (done = true))
 * await flushMicrotasks()
 * ```
 */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve))
}

/**
 * Resolves with how long `promise` took to settle (in real ms), or rejects when it has not settled
 * after `limitMs`: a hang becomes a failing assertion instead of a test timeout.
 *
 * @example
 * ```ts
 * const { value, elapsedMs } = await settleWithin(send({ url }), 2_000)
 * ```
 */
export async function settleWithin<T>(
  promise: Promise<T>,
  limitMs: number,
): Promise<{ value: T; elapsedMs: number }> {
  const startedAt = performance.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  const watchdog = new Promise<never>((_, reject) => {
    timer = realSetTimeout(() => reject(new Error(`did not settle within ${limitMs} ms`)), limitMs)
  })
  try {
    const value = await Promise.race([promise, watchdog])
    return { value, elapsedMs: performance.now() - startedAt }
  } finally {
    realClearTimeout(timer)
  }
}
