import type { ContractTestApi } from '../token-store-contract/contract-test-api.js'
import { adapterSpec, replayEvents, type AdapterSpecContext } from './adapter-spec-context.js'

/**
 * Registers the concurrency specs: many requests on a cold provider cost one token request, and many
 * requests that meet a revoked token together are replayed on one new token.
 *
 * @example
 * ```ts
 * test.describe('concurrency', () => describeConcurrencySpecs(test, context, 25))
 * ```
 */
export function describeConcurrencySpecs(
  test: ContractTestApi,
  context: AdapterSpecContext,
  concurrency: number,
): void {
  const { expect } = test
  const spec = adapterSpec(test)
  const statuses = (outcomes: Array<{ ok: boolean; status?: number }>) =>
    outcomes.map((outcome) => (outcome.ok ? outcome.status : 'error'))

  spec(
    `makes one token request for ${concurrency} concurrent requests on a cold provider`,
    async () => {
      const { emulator } = context
      const send = context.send()
      const outcomes = await Promise.all(
        Array.from({ length: concurrency }, () => send({ url: `${emulator.url}/v2/users/me` })),
      )
      expect(statuses(outcomes)).toEqual(Array(concurrency).fill(200))
      expect(emulator.stats.tokenRequests).toBe(1)
      expect(new Set(emulator.stats.requests.map((request) => request.token)).size).toBe(1)
    },
  )

  spec(
    `replays ${concurrency} requests that meet a revoked token together on one new token`,
    async () => {
      const { emulator, provider } = context
      const send = context.send()
      const revoked = await provider.getToken()
      emulator.revokeTokens()
      emulator.resetStats()
      const outcomes = await Promise.all(
        Array.from({ length: concurrency }, () => send({ url: `${emulator.url}/v2/users/me` })),
      )
      expect(statuses(outcomes)).toEqual(Array(concurrency).fill(200))
      expect(emulator.stats.tokenRequests).toBe(1)
      expect(emulator.stats.apiRequests).toBe(2 * concurrency)
      const replayTokens = emulator.stats.requests
        .map((request) => request.token)
        .filter((token) => token !== revoked.accessToken)
      expect(replayTokens).toHaveLength(concurrency)
      expect(new Set(replayTokens).size).toBe(1)
      expect(replayEvents(context)).toHaveLength(concurrency)
    },
  )
}
