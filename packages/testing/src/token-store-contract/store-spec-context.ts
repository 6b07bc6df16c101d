import { randomBytes } from 'node:crypto'
import type { AccessToken, TokenStore } from '@zoom-auth/core'
import type { ContractTestApi } from './contract-test-api.js'
import type { StoreSuiteContext } from './store-suite.js'

/**
 * What every spec of the token-store contract works with. `store`, `peer` and the keys are new for
 * each spec (read them inside the spec, not when it is registered).
 *
 * @example
 * ```ts
 * spec('returns undefined when nothing is stored', async () => {
 *   expect(await context.store.get(context.key)).toBeUndefined()
 * })
 * ```
 */
export type StoreSpecContext = StoreSuiteContext<TokenStore>

/**
 * How much earlier than asked a timer, a lease or a store clock may end: Node fires timers and
 * stores count expiries in whole ms, while the specs measure with `performance.now()`.
 *
 * @example
 * ```ts
 * expect(elapsedMs).toBeGreaterThanOrEqual(ttlMs - CLOCK_TOLERANCE_MS)
 * ```
 */
export const CLOCK_TOLERANCE_MS = 5

/** How often a spec looks again while it polls. */
const POLL_INTERVAL_MS = 5

/**
 * A token shaped like Zoom's, expiring `lifetimeMs` from now (in whole ms, as stores keep it),
 * with a random access token so that no two specs share one.
 *
 * @example
 * ```ts
 * await store.set(key, contractToken(60_000, { issuedAt: Date.now() }))
 * ```
 */
export function contractToken(lifetimeMs = 3_600_000, fields: Partial<AccessToken> = {}): AccessToken {
  return {
    accessToken: `eyJ.${randomBytes(24).toString('base64url')}`,
    tokenType: 'bearer',
    expiresAt: Date.now() + lifetimeMs,
    scopes: ['user:read:admin'],
    apiUrl: 'https://api.zoom.us',
    ...fields,
  }
}

/**
 * Calls `attempt` every few ms until it yields a value, and resolves that value; rejects once
 * `patienceMs` have passed without one. For what must happen "by then" without a fixed sleep.
 *
 * @example
 * ```ts
 * const lock = await pollUntil(() => peer.tryLock(key, 5_000), patienceMs, 'the lease to end')
 * ```
 */
export async function pollUntil<T>(
  attempt: () => Promise<T | undefined>,
  patienceMs: number,
  what: string,
): Promise<T> {
  const deadline = performance.now() + patienceMs
  for (;;) {
    const value = await attempt()
    if (value !== undefined) return value
    if (performance.now() >= deadline) throw new Error(`gave up waiting for ${what} after ${patienceMs} ms`)
    await pause(POLL_INTERVAL_MS)
  }
}

/**
 * Runs `check` every few ms until `performance.now()` reaches `untilMs` (at least once): for what
 * must stay true all along a stretch of time.
 *
 * @example
 * ```ts
 * await keepChecking(startedAt + 300, async () => expect(await peer.tryLock(key, 5_000)).toBeUndefined())
 * ```
 */
export async function keepChecking(untilMs: number, check: () => Promise<void>): Promise<void> {
  do {
    await check()
    await pause(POLL_INTERVAL_MS)
  } while (performance.now() < untilMs)
}

/**
 * Resolves `promise`'s value and the ms it took to settle, counted from `startedAt`.
 *
 * @example
 * ```ts
 * const { value, elapsedMs } = await timed(store.waitForToken(key, { timeoutMs: 100 }))
 * ```
 */
export async function timed<T>(
  promise: Promise<T>,
  startedAt = performance.now(),
): Promise<{ value: T; elapsedMs: number }> {
  const value = await promise
  return { value, elapsedMs: performance.now() - startedAt }
}

/**
 * The `it` of the suite: every spec gets time for its polls on top of its own waits.
 *
 * @example
 * ```ts
 * const spec = specRegistrar(test, context)
 * spec('locks per key', async () => { … })
 * ```
 */
export function specRegistrar(test: ContractTestApi, context: { readonly patienceMs: number }) {
  return (name: string, body: () => Promise<void>) =>
    test.it(name, body, 10_000 + 4 * context.patienceMs)
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
