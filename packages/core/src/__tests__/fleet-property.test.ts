import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { memoryTokenStore } from '../memory-token-store.js'
import { createTokenProvider } from '../token-provider.js'
import type { AccessToken, TokenProvider } from '../types.js'
import { failure, scriptedStrategy } from './support/scripted-strategy.js'
import { useFixedClock } from './support/fixed-clock.js'

useFixedClock()

const HOUR = 3_600_000
// The default expiryMarginMs: no token this close to its expiry is handed out.
const EXPIRY_MARGIN = 30_000
// A token is refetched no earlier than the refresh-ahead window (5 min) before its expiry.
const FETCH_SPACING = HOUR - 300_000

type Step =
  | { kind: 'get'; provider: number; force: boolean }
  | { kind: 'invalidate'; provider: number }
  | { kind: 'wait'; ms: number }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('get' as const),
    provider: fc.nat(3),
    force: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('invalidate' as const), provider: fc.nat(3) }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 20 * 60_000 }) }),
)

describe('a fleet sharing a store, under any interleaving of calls, 401s and time', () => {
  it('fetches once per expiry plus once per invalidated token or forced refresh, and never hands out an invalidated or expired token', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        vi.setSystemTime(Date.parse('2026-01-01T00:00:00Z'))
        const scripted = scriptedStrategy()
        const store = memoryTokenStore()
        const fleet: TokenProvider[] = Array.from({ length: 4 }, () =>
          createTokenProvider(scripted.strategy, { store, now: () => Date.now() }),
        )
        const startedAt = Date.now()
        const invalidated = new Set<string>()
        // Per provider: another process keeps its copy of a token until it sees a 401 itself.
        const invalidatedAt = new Map<string, number>()
        const invalidatedBefore = (provider: number, token: AccessToken, at: number) =>
          (invalidatedAt.get(`${provider} ${token.accessToken}`) ?? Infinity) < at
        const handedOut: Array<{ provider: number; token: AccessToken; at: number }> = []
        const pending: Array<Promise<unknown>> = []
        let forced = 0
        for (const next of steps) {
          if (next.kind === 'wait') {
            await vi.advanceTimersByTimeAsync(next.ms)
          } else if (next.kind === 'get') {
            if (next.force) forced++
            pending.push(
              fleet[next.provider]!.getToken({ forceRefresh: next.force }).then((token) =>
                handedOut.push({ provider: next.provider, token, at: Date.now() }),
              ),
            )
          } else {
            const current = fleet[next.provider]!.peek()
            if (current) {
              invalidated.add(current.accessToken)
              const key = `${next.provider} ${current.accessToken}`
              if (!invalidatedAt.has(key)) invalidatedAt.set(key, Date.now())
              fleet[next.provider]!.invalidate(current.accessToken)
            }
          }
        }
        await vi.advanceTimersByTimeAsync(0)
        await Promise.all(pending)
        for (const provider of fleet) provider.close()

        const elapsed = Date.now() - startedAt
        expect(scripted.strategy.calls).toBeLessThanOrEqual(
          1 + Math.floor(elapsed / FETCH_SPACING) + invalidated.size + forced,
        )
        for (const { provider, token, at } of handedOut) {
          expect(invalidatedBefore(provider, token, at)).toBe(false)
          // Also by a process that starts cold late in a token's life: the store keeps issuedAt.
          expect(token.expiresAt - at).toBeGreaterThan(EXPIRY_MARGIN)
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('a token endpoint that keeps refusing, under any pattern of calls and time', () => {
  const refusal = fc.oneof(
    fc.record({ code: fc.constant('invalid_client' as const), cooldownMs: fc.constant(10_000) }),
    fc
      .integer({ min: 11_000, max: 600_000 })
      .map((retryAfterMs) => ({ code: 'rate_limited' as const, cooldownMs: retryAfterMs })),
  )
  const pattern = fc.array(
    fc.record({
      waitMs: fc.integer({ min: 0, max: 120_000 }),
      calls: fc.integer({ min: 1, max: 5 }),
    }),
    { minLength: 1, maxLength: 30 },
  )

  it('is asked at most once per cooldown or Retry-After, also by background refreshes', async () => {
    await fc.assert(
      fc.asyncProperty(refusal, pattern, fc.boolean(), async (refuse, calls, warm) => {
        vi.setSystemTime(Date.parse('2026-01-01T00:00:00Z'))
        const scripted = scriptedStrategy()
        const provider = createTokenProvider(scripted.strategy, { now: () => Date.now() })
        // Warm: a token that enters its refresh-ahead window at once, so refreshes run in the background.
        if (warm) {
          await provider.getToken()
          vi.setSystemTime(Date.now() + HOUR - 290_000)
        }
        const before = scripted.strategy.calls
        const refusals = Array.from({ length: 200 }, () =>
          failure(refuse.code, {
            status: refuse.code === 'rate_limited' ? 429 : 400,
            ...(refuse.code === 'rate_limited' && { retryAfterMs: refuse.cooldownMs }),
          }),
        )
        scripted.then(...refusals)
        const startedAt = Date.now()
        for (const { waitMs, calls: count } of calls) {
          for (let i = 0; i < count; i++) void provider.getToken().catch(() => {})
          await vi.advanceTimersByTimeAsync(waitMs)
        }
        provider.close()
        const elapsed = Date.now() - startedAt
        expect(scripted.strategy.calls - before).toBeLessThanOrEqual(
          1 + Math.floor(elapsed / refuse.cooldownMs),
        )
      }),
      { numRuns: 200 },
    )
  })
})
