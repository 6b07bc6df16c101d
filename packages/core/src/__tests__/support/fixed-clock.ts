import { afterEach, beforeEach, vi } from 'vitest'

/** The instant each spec under {@link useFixedClock} starts at. */
export const FIXED_NOW = Date.parse('2026-01-01T00:00:00Z')

/**
 * Fakes the timers of every spec in the file (or `describe` block) it is called in, the clock
 * starting at {@link FIXED_NOW}, and gives the real timers back after each spec: time moves only
 * when a spec advances it.
 *
 * @example
 * ```ts
 * useFixedClock()
 * it('refreshes ahead', async () => { await vi.advanceTimersByTimeAsync(60_000) })
 * ```
 */
export function useFixedClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ now: FIXED_NOW })
  })
  afterEach(() => {
    vi.useRealTimers()
  })
}
