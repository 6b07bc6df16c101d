import type { ContractTestApi } from '../token-store-contract/contract-test-api.js'
import {
  adapterSpec,
  replayEvents,
  settleWithin,
  tokensSeenBy,
  type AdapterSpecContext,
} from './adapter-spec-context.js'

/** How long a call that meets 401 twice may take: two sends and a token request, on loopback. */
const SETTLE_LIMIT_MS = 5_000

/**
 * Registers the specs of what a status does: a 401 replays once with a new token and reports
 * `request_replayed`; the replay's own 401 goes to the caller; 403 and 400 with Zoom code 4711 never
 * refresh; `retryOnUnauthorized: false` hands the 401 on.
 *
 * @example
 * ```ts
 * test.describe('statuses', () => describeStatusSpecs(test, context))
 * ```
 */
export function describeStatusSpecs(test: ContractTestApi, context: AdapterSpecContext): void {
  const { expect } = test
  const spec = adapterSpec(test)
  const routeCount = (route: string) => context.emulator.stats.apiRequestsByRoute[route] ?? 0
  const refreshed = () => context.events.some((event) => event.type === 'token_invalidated')

  spec('replays a 401 once with a new token, and reports request_replayed', async () => {
    const { emulator, provider } = context
    const send = context.send()
    const first = await provider.getToken()
    emulator.revokeTokens()
    emulator.resetStats()
    const outcome = await send({ url: `${emulator.url}/v2/users/me` })
    expect(outcome).toMatchObject({ ok: true, status: 200 })
    const [sent, replayed] = tokensSeenBy(emulator)
    expect(sent).toBe(first.accessToken)
    expect(replayed).toBeDefined()
    expect(replayed).not.toBe(sent)
    expect(emulator.stats.tokenRequests).toBe(1)
    expect(replayEvents(context)).toHaveLength(1)
  })

  spec('gives up after exactly 2 attempts on an endpoint that always answers 401', async () => {
    const { emulator } = context
    const send = context.send()
    const outcome = await settleWithin(
      send({ url: `${emulator.url}/v2/unauthorized` }),
      SETTLE_LIMIT_MS,
      'a call to an endpoint that always answers 401',
    )
    expect(outcome).toMatchObject({ ok: true, status: 401, body: { code: 124 } })
    expect(routeCount('GET /v2/unauthorized')).toBe(2)
    // The replay went out with a new token: the first was retired, not reused.
    const [first, replay] = emulator.stats.requests
    expect(first?.token).toBeDefined()
    expect(replay?.token).toBeDefined()
    expect(replay?.token).not.toBe(first?.token)
    expect(emulator.stats.tokenRequests).toBe(2)
    expect(replayEvents(context)).toHaveLength(1)

    // And again: each call is bounded on its own, nothing accumulates into a loop.
    await send({ url: `${emulator.url}/v2/unauthorized` })
    expect(routeCount('GET /v2/unauthorized')).toBe(4)
  })

  spec('passes a 403 through without refreshing the token', async () => {
    const { emulator } = context
    const outcome = await context.send()({ url: `${emulator.url}/v2/forbidden` })
    expect(outcome).toMatchObject({ ok: true, status: 403, body: { code: 200 } })
    expect(routeCount('GET /v2/forbidden')).toBe(1)
    expect(emulator.stats.tokenRequests).toBe(1)
    expect(refreshed()).toBe(false)
  })

  spec('passes a 400 with code 4711 (missing scopes) through without refreshing', async () => {
    const { emulator } = context
    const outcome = await context.send()({ url: `${emulator.url}/v2/scoped` })
    expect(outcome).toMatchObject({ ok: true, status: 400, body: { code: 4711 } })
    expect(routeCount('GET /v2/scoped')).toBe(1)
    expect(emulator.stats.tokenRequests).toBe(1)
    expect(refreshed()).toBe(false)
  })

  spec('hands the 401 to the caller unreplayed with retryOnUnauthorized: false', async () => {
    const { emulator } = context
    const send = context.send({ retryOnUnauthorized: false })
    const outcome = await send({ url: `${emulator.url}/v2/unauthorized` })
    expect(outcome).toMatchObject({ ok: true, status: 401, body: { code: 124 } })
    expect(routeCount('GET /v2/unauthorized')).toBe(1)
    expect(emulator.stats.tokenRequests).toBe(1)
    expect(replayEvents(context)).toHaveLength(0)
  })
}
