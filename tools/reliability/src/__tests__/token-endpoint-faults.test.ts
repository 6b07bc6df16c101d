import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isZoomAuthError, zoomTokenProvider, type TokenProvider } from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { drivers } from '../drivers.js'
import { closedPortUrl, issueToken, tokenBody } from '../emulator-helpers.js'
import { FAULT_PROVIDER_OPTIONS, TOKEN_FAULT_CASES, type TokenFaultCase } from '../fault-cases.js'
import { settleWithin } from '../real-timers.js'
import { trackUnhandledRejections } from '../unhandled-rejections.js'

trackUnhandledRejections()

// Real time a shared CI core may add on top of the configured timeouts.
const SCHEDULING_SLACK_MS = 1_500

let emulator: ZoomEmulator
let provider: TokenProvider | undefined

beforeEach(async () => {
  emulator = await startZoomEmulator()
})

afterEach(async () => {
  provider?.close()
  provider = undefined
  await emulator.close()
})

/** The longest a failing token request may take: every attempt timing out plus every backoff. */
function settleLimitMs(fault: TokenFaultCase): number {
  const attempts = (fault.retryLimit ?? FAULT_PROVIDER_OPTIONS.retry.limit) + 1
  return (
    attempts * FAULT_PROVIDER_OPTIONS.timeoutMs +
    (attempts - 1) * FAULT_PROVIDER_OPTIONS.retry.maxDelayMs +
    SCHEDULING_SLACK_MS
  )
}

describe.each(drivers)('token endpoint faults through $name', (driver) => {
  it.each(TOKEN_FAULT_CASES)('$name: documented outcome, settled in time', async (fault) => {
    provider = zoomTokenProvider({
      ...emulator.credentials,
      oauthBaseUrl: fault.refusedConnection ? await closedPortUrl() : emulator.url,
      ...FAULT_PROVIDER_OPTIONS,
      retry: { ...FAULT_PROVIDER_OPTIONS.retry, limit: fault.retryLimit ?? 2 },
    })
    const send = driver.client(provider, { hosts: [emulator.host] })
    await fault.arrange(emulator)
    emulator.resetStats()

    const { value: outcome } = await settleWithin(
      send({ url: `${emulator.url}/v2/users/me` }),
      settleLimitMs(fault),
    )

    const expected = fault.outcome
    if (expected.recovered) {
      expect(outcome).toMatchObject({ ok: true, status: 200 })
      expect(emulator.stats.tokenRequests).toBe(expected.tokenRequests)
      expect(emulator.stats.unauthorized).toBe(0)
      return
    }

    expect(outcome.ok).toBe(false)
    const error = outcome.ok ? undefined : outcome.error
    // The ZoomAuthError itself reaches the caller, not a client error wrapping it.
    expect(isZoomAuthError(error)).toBe(true)
    expect(error).toMatchObject({
      name: 'ZoomAuthError',
      code: expected.code,
      attempts: expected.attempts,
      ...(expected.status !== undefined && { status: expected.status }),
    })
    if (!fault.refusedConnection) expect(emulator.stats.tokenRequests).toBe(expected.attempts)
    // Without a token nothing is sent to the API.
    expect(emulator.stats.apiRequests).toBe(0)

    // The library keeps working: a healthy endpoint serves the next request, and a failure that
    // must not be hammered (a cooldown, a closed port) fails the next request again, as fast.
    emulator.resetStats()
    const { value: next } = await settleWithin(
      send({ url: `${emulator.url}/v2/users/me` }),
      settleLimitMs(fault),
    )
    if (expected.nextRequestSucceeds) {
      expect(next).toMatchObject({ ok: true, status: 200 })
    } else {
      expect(next.ok).toBe(false)
      expect(next.ok ? undefined : next.error).toMatchObject({ code: expected.code })
      if (expected.code !== 'network_error') expect(emulator.stats.tokenRequests).toBe(0)
    }
  })
})

describe('token endpoint faults: details', () => {
  it('keeps Retry-After as retryAfterMs on the rate_limited error', async () => {
    provider = zoomTokenProvider({
      ...emulator.credentials,
      oauthBaseUrl: emulator.url,
      ...FAULT_PROVIDER_OPTIONS,
    })
    emulator.failNextTokenRequests({ status: 429, headers: { 'retry-after': '120' } })
    const error: unknown = await provider.getToken().catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 120_000 })
  })

  it('clamps a huge expires_in to ten years', async () => {
    provider = zoomTokenProvider({
      ...emulator.credentials,
      oauthBaseUrl: emulator.url,
      ...FAULT_PROVIDER_OPTIONS,
    })
    emulator.failNextTokenRequests({
      status: 200,
      body: tokenBody(await issueToken(emulator), { expires_in: 1e15 }),
    })
    const before = Date.now()
    const token = await provider.getToken()
    const tenYearsMs = 10 * 365 * 24 * 3600 * 1000
    expect(token.expiresAt).toBeGreaterThan(before + tenYearsMs - 60_000)
    expect(token.expiresAt).toBeLessThanOrEqual(Date.now() + tenYearsMs)
  })

  it('names the missing field in an invalid_response message', async () => {
    provider = zoomTokenProvider({
      ...emulator.credentials,
      oauthBaseUrl: emulator.url,
      ...FAULT_PROVIDER_OPTIONS,
    })
    emulator.failNextTokenRequests({ status: 200, body: { token_type: 'bearer', expires_in: 1 } })
    const error: unknown = await provider.getToken().catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'invalid_response' })
    expect((error as Error).message).toContain('"access_token"')
  })
})
