import type { ContractTestApi } from '../token-store-contract/contract-test-api.js'
import {
  adapterSpec,
  replayEvents,
  tokensSeenBy,
  type AdapterSpecContext,
} from './adapter-spec-context.js'

/**
 * Registers the redirect specs: the token follows a redirect within its origin, never one to
 * another origin, and a 401 from that other origin earns no replay.
 *
 * @example
 * ```ts
 * test.describe('redirects', () => describeRedirectSpecs(test, context))
 * ```
 */
export function describeRedirectSpecs(test: ContractTestApi, context: AdapterSpecContext): void {
  const { expect } = test
  const spec = adapterSpec(test)

  spec('keeps the token on a redirect within its origin', async () => {
    const { emulator } = context
    const to = encodeURIComponent('/v2/users/me')
    const outcome = await context.send()({ url: `${emulator.url}/v2/redirect?to=${to}` })
    expect(outcome).toMatchObject({ ok: true, status: 200 })
    const [redirected, followed] = tokensSeenBy(emulator)
    expect(redirected).toBeDefined()
    expect(followed).toBe(redirected)
    expect(emulator.stats.tokenRequests).toBe(1)
  })

  spec('drops the token on a redirect to another origin', async () => {
    const { emulator, origin } = context
    const send = context.send()
    const to = encodeURIComponent(`${origin.url}/v2/echo`)
    const outcome = await send({ url: `${emulator.url}/v2/redirect?to=${to}` })
    // The other origin got no token, so it answers 401 — and that 401 earns no replay.
    expect(outcome).toMatchObject({ ok: true, status: 401 })
    expect(origin.requests.map((request) => request.token)).toEqual([undefined])
    expect(tokensSeenBy(emulator)).toHaveLength(1)
    expect(tokensSeenBy(emulator)[0]).toBeDefined()
    expect(emulator.stats.tokenRequests).toBe(1)
    expect(replayEvents(context)).toHaveLength(0)
  })
}
