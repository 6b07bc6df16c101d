import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTokenProvider, type AccessToken, type ZoomAuthErrorCode } from '@zoom-auth/core'
import { createAuthorizer, tokenFreshness, tokenTiming } from '@zoom-auth/core/adapter'
import { inMemoryApi, type ApiSend } from '../race-model/in-memory-api.js'
import { modelRequest } from '../race-model/model-client.js'
import { scriptedEndpoint } from '../race-model/scripted-endpoint.js'
import { flushMicrotasks } from '../real-timers.js'
import { trackUnhandledRejections } from '../unhandled-rejections.js'

trackUnhandledRejections()

const WINDOWS = { refreshAheadMs: 300_000, expiryMarginMs: 30_000 }
const PROVIDER_OPTIONS = {
  ...WINDOWS,
  timeoutMs: 5_000,
  retry: { limit: 1, baseDelayMs: 100, maxDelayMs: 1_000 },
  failureCooldownMs: 10_000,
  now: () => Date.now(),
}
// Math.random is pinned, so the provider's refresh jitter is known.
const JITTER = 0.5
const RUNS = 300

type Command =
  | { kind: 'request'; policy: 0 | 1; abortable: boolean }
  | { kind: 'deliver'; pick: number }
  | { kind: 'answer' }
  | { kind: 'fail'; code: ZoomAuthErrorCode }
  | { kind: 'hang' }
  | { kind: 'revoke' }
  | { kind: 'advance'; ms: number }
  | { kind: 'abort'; pick: number }

interface Scenario {
  lifetimeSeconds: number
  commands: Command[]
  closeAtEnd: boolean
}

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      policy: fc.constantFrom(0 as const, 1 as const),
      abortable: fc.boolean(),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(20) }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'answer' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('fail' as const),
      code: fc.constantFrom<ZoomAuthErrorCode>(
        'server_error',
        'network_error',
        'rate_limited',
        'invalid_client',
        'invalid_response',
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'hang' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'revoke' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      // Mostly short steps (a token request then usually survives them); some long enough to time
      // an attempt out (timeoutMs 5 s), some long enough to reach a token's refresh or expiry.
      ms: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 2_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 20_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 4_000_000 }) },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('abort' as const), pick: fc.nat(20) }) },
)

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  lifetimeSeconds: fc.constantFrom(60, 900, 3600),
  commands: fc.array(commandArb, { minLength: 5, maxLength: 60, size: 'large' }),
  // Mostly left open (the drain then answers everything); sometimes closed with work outstanding.
  closeAtEnd: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, fc.constant(true)),
})

/** What one scenario did, for the invariants to judge. */
interface Report {
  lifetimeSeconds: number
  sends: ApiSend[]
  issuedAt: (token: string) => number | undefined
  requests: Array<{ settled: boolean; outcome?: number | 'rejected' }>
  tokenAttempts: number
  maxInFlight: number
  failures: number
  revocations: number
  expiries: number
}

/**
 * Plays a scenario: two policies (two adapters) share one provider in front of a scripted token
 * endpoint and an in-memory API, on fake timers that are also the provider's clock. Afterwards every
 * outstanding answer is given and time moves on until everything settled (or 300 rounds passed).
 */
async function play(scenario: Scenario): Promise<Report> {
  const { lifetimeSeconds } = scenario
  const endpoint = scriptedEndpoint({ lifetimeSeconds, now: () => Date.now() })
  const provider = createTokenProvider(endpoint.strategy, PROVIDER_OPTIONS)
  const policies = [
    createAuthorizer(provider, { hosts: ['api.example.test'] }),
    createAuthorizer(provider, { hosts: [/^api\.example\.test$/] }),
  ] as const
  const api = inMemoryApi(endpoint, { lifetimeSeconds, now: () => Date.now() })
  const requests: Report['requests'] = []
  const controllers: AbortController[] = []
  let revocations = 0
  let expiries = 0
  const crossed = new Set<string>()

  /** Moves the clock, counting a token that leaves its fresh period while cached. */
  async function advance(ms: number) {
    const cached: AccessToken | undefined = provider.peek()
    const before = Date.now()
    await vi.advanceTimersByTimeAsync(ms)
    if (cached === undefined || crossed.has(cached.accessToken)) return
    const timing = tokenTiming(cached.expiresAt, lifetimeSeconds * 1000, WINDOWS, JITTER)
    if (
      tokenFreshness(timing, before) === 'fresh' &&
      tokenFreshness(timing, Date.now()) !== 'fresh'
    ) {
      crossed.add(cached.accessToken)
      expiries++
    }
  }

  for (const command of scenario.commands) {
    switch (command.kind) {
      case 'request': {
        const controller = command.abortable ? new AbortController() : undefined
        if (controller) controllers.push(controller)
        const entry: Report['requests'][number] = { settled: false }
        requests.push(entry)
        modelRequest(policies[command.policy], api, requests.length, controller?.signal).then(
          (status) => Object.assign(entry, { settled: true, outcome: status }),
          () => Object.assign(entry, { settled: true, outcome: 'rejected' }),
        )
        break
      }
      case 'deliver':
        api.deliver(command.pick)
        break
      case 'answer':
        endpoint.answerNext()
        break
      case 'fail':
        endpoint.script({ kind: 'failure', code: command.code })
        break
      case 'hang':
        endpoint.script({ kind: 'hang' })
        break
      case 'revoke':
        api.revokeAll()
        revocations++
        break
      case 'advance':
        await advance(command.ms)
        break
      case 'abort':
        controllers[command.pick % Math.max(1, controllers.length)]?.abort()
        break
    }
    await flushMicrotasks()
  }

  if (scenario.closeAtEnd) provider.close()
  for (let round = 0; round < 300 && requests.some((request) => !request.settled); round++) {
    if (!endpoint.answerNext() && !api.deliver(0)) await advance(1_000)
    await flushMicrotasks()
  }
  provider.close()

  return {
    lifetimeSeconds,
    sends: api.sends,
    issuedAt: endpoint.issuedAt,
    requests,
    tokenAttempts: endpoint.stats.attempts,
    maxInFlight: endpoint.stats.maxInFlight,
    failures: endpoint.stats.failures,
    revocations,
    expiries,
  }
}

/** Runs the scenarios and checks one invariant on each. */
async function holds(invariant: (report: Report) => void): Promise<void> {
  await fc.assert(
    fc.asyncProperty(scenarioArb, async (scenario) => {
      invariant(await play(scenario))
    }),
    { numRuns: RUNS },
  )
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  })
  vi.spyOn(Math, 'random').mockReturnValue(JITTER)
})

afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

describe('random interleavings of requests, revocations, expiries, aborts and endpoint failures', () => {
  it('never has more than one token request in flight', async () => {
    await holds((report) => expect(report.maxInFlight).toBeLessThanOrEqual(1))
  })

  it('replays a request at most once, only after a 401, and with another token', async () => {
    await holds((report) => {
      const byRequest = new Map<number, ApiSend[]>()
      for (const send of report.sends)
        byRequest.set(send.requestId, [...(byRequest.get(send.requestId) ?? []), send])
      for (const sends of byRequest.values()) {
        expect(sends.length).toBeLessThanOrEqual(2)
        const [first, replay] = sends
        expect(first?.replay).toBe(false)
        if (replay === undefined) continue
        expect(replay.replay).toBe(true)
        expect(replay.token).not.toBe(first?.token)
      }
    })
  })

  it('never sends a token the provider knew had expired (or was within the margin)', async () => {
    await holds((report) => {
      const lifetimeMs = report.lifetimeSeconds * 1000
      const marginMs = Math.min(WINDOWS.expiryMarginMs, lifetimeMs / 4)
      for (const send of report.sends) {
        const issuedAt = report.issuedAt(send.token)
        expect(issuedAt).toBeDefined()
        // The provider counts a token's life from before it asked: it knows no later expiry.
        const expiresAt = send.knownExpiresAt ?? (issuedAt ?? 0) + lifetimeMs
        expect(expiresAt).toBeLessThanOrEqual((issuedAt ?? 0) + lifetimeMs)
        expect(send.sentAt).toBeLessThan(expiresAt - marginMs)
      }
    })
  })

  it('settles every request', async () => {
    await holds((report) => {
      expect(report.requests.filter((request) => !request.settled)).toEqual([])
    })
  })

  it('bounds token requests by expiries + revocations + failures + 1', async () => {
    await holds((report) => {
      expect(report.tokenAttempts).toBeLessThanOrEqual(
        1 + report.expiries + report.revocations + report.failures,
      )
    })
  })
})

describe('a token endpoint slower than the token lives', () => {
  // Expiry counts from the attempt that succeeded, and a token that arrives inside its margin is refused.
  it('hands out no token it knows has expired when it arrives', async () => {
    const endpoint = scriptedEndpoint({ lifetimeSeconds: 8, now: () => Date.now() })
    const provider = createTokenProvider(endpoint.strategy, PROVIDER_OPTIONS)
    const startedAt = Date.now()
    const handedOut = provider.getToken().then(
      (token) => ({ token, at: Date.now() }),
      () => undefined,
    )
    endpoint.script({ kind: 'hang' })
    await flushMicrotasks()
    endpoint.answerNext() // the first attempt hangs until timeoutMs (5 s); the retry starts then
    await vi.advanceTimersByTimeAsync(9_000)
    endpoint.answerNext() // the retry answers 9 s after the fetch began, with an 8 s token
    const result = await handedOut
    provider.close()
    expect(endpoint.stats.attempts).toBe(2)
    expect(result?.at).toBe(startedAt + 9_000)
    // Either no token at all, or one the provider still considers usable.
    if (result !== undefined) expect(result.token.expiresAt).toBeGreaterThan(result.at)
  })
})
