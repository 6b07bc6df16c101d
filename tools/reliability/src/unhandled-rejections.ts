import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { flushMicrotasks } from './real-timers.js'

/**
 * Installs a process `unhandledRejection` listener for the calling test file and fails any test after
 * which a rejection went unhandled. Only the reasons' names and codes are reported, never their
 * messages, which could hold what the suite is checking does not leak.
 *
 * @example
 * ```ts
 * const rejections = trackUnhandledRejections()
 * ```
 */
export function trackUnhandledRejections(): { readonly count: number } {
  const reasons: unknown[] = []
  const listener = (reason: unknown) => void reasons.push(reason)
  beforeAll(() => void process.on('unhandledRejection', listener))
  afterAll(() => void process.off('unhandledRejection', listener))
  afterEach(async () => {
    // Node reports an unhandled rejection after the microtask queue drains: give it two turns.
    await flushMicrotasks()
    await flushMicrotasks()
    const described = reasons.splice(0).map(describeReason)
    expect(described, 'unhandled rejections').toEqual([])
  })
  return {
    get count() {
      return reasons.length
    },
  }
}

function describeReason(reason: unknown): string {
  if (!(reason instanceof Error)) return typeof reason
  const code = (reason as { code?: unknown }).code
  return typeof code === 'string' ? `${reason.name} (${code})` : reason.name
}
