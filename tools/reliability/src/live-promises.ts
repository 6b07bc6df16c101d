import { queryObjects } from 'node:v8'
import { flushMicrotasks, realSetTimeout } from './real-timers.js'

/**
 * How many Promise objects are alive on the heap (after a full GC): a count that keeps growing with
 * traffic means promises (and whatever their callbacks hold) are retained — pending forever, or kept
 * in some list. `v8.queryObjects` is experimental; its one-time warning is kept out of the output.
 *
 * @example
 * ```ts
 * const before = await livePromiseCount()
 * // ... a day of traffic ...
 * expect((await livePromiseCount()) - before).toBeLessThan(10)
 * ```
 */
export async function livePromiseCount(): Promise<number> {
  const listeners = process.listeners('warning')
  process.removeAllListeners('warning')
  try {
    const count = queryObjects(Promise, { format: 'count' })
    // Warnings are emitted on a later tick: keep the listeners off until it has passed.
    await flushMicrotasks()
    return count
  } finally {
    for (const listener of listeners) process.on('warning', listener)
  }
}

/**
 * Runs a full garbage collection and lets finalizers run. Node's fetch (undici) keeps an `abort`
 * listener on a caller's signal until the `Request` is collected; counting listeners after this
 * tells retained ones (a leak) from uncollected ones.
 *
 * @example
 * ```ts
 * await collectGarbage()
 * expect(getEventListeners(signal, 'abort').length).toBeLessThanOrEqual(1)
 * ```
 */
export async function collectGarbage(): Promise<void> {
  await livePromiseCount()
  // FinalizationRegistry callbacks run in a task of their own after the collection.
  await new Promise((resolve) => realSetTimeout(resolve, 10))
  await flushMicrotasks()
}
