import { MAX_TIMER_MS } from '@zoom-auth/core/adapter'

// setTimeout fires at once beyond MAX_TIMER_MS; longer delays (and Infinity) are hangs only
// cancelAll() ends.

/**
 * Fault delays in flight, so `close()` can end them instead of keeping the process alive.
 *
 * @example
 * ```ts
 * const delays = new FaultDelays()
 * const elapsed = delays.wait(60_000) // resolves true after a minute...
 * delays.cancelAll() // ...or false at once
 * ```
 */
export class FaultDelays {
  readonly #pending = new Set<{
    timer: NodeJS.Timeout | undefined
    done: (elapsed: boolean) => void
  }>()

  /** Resolves `true` after `ms`, or `false` if cancelled first. */
  wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const entry = {
        timer: undefined as NodeJS.Timeout | undefined,
        done: (elapsed: boolean) => {
          this.#pending.delete(entry)
          resolve(elapsed)
        },
      }
      if (ms <= MAX_TIMER_MS) entry.timer = setTimeout(() => entry.done(true), ms)
      this.#pending.add(entry)
    })
  }

  cancelAll(): void {
    for (const entry of this.#pending) {
      clearTimeout(entry.timer)
      entry.done(false)
    }
  }
}
