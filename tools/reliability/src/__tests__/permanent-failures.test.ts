import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isZoomAuthError, zoomTokenProvider, type TokenProvider } from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { drivers, type DriverOutcome } from '../drivers.js'
import { settleWithin } from '../real-timers.js'
import { trackUnhandledRejections } from '../unhandled-rejections.js'

trackUnhandledRejections()

const CONCURRENT = 1_000
const FAILURE_COOLDOWN_MS = 10_000 // the default
const SUSTAINED_CALLS = 600
const CALL_SPACING_MS = 100

let emulator: ZoomEmulator
let provider: TokenProvider

beforeEach(async () => {
  emulator = await startZoomEmulator()
})

afterEach(async () => {
  provider.close()
  await emulator.close()
})

function expectInvalidClient(outcome: DriverOutcome): void {
  expect(outcome.ok).toBe(false)
  const error = outcome.ok ? undefined : outcome.error
  expect(isZoomAuthError(error)).toBe(true)
  expect(error).toMatchObject({ code: 'invalid_client', status: 400, error: 'invalid_client' })
}

describe.each(drivers)('invalid_client through $name', (driver) => {
  it(`asks once for ${CONCURRENT} concurrent requests, then a handful of times over a minute of calls`, async () => {
    // The provider's clock, moved by hand: the cooldown is measured on it.
    let now = Date.now()
    provider = zoomTokenProvider({
      ...emulator.credentials,
      clientSecret: 'not-the-secret',
      oauthBaseUrl: emulator.url,
      now: () => now,
    })
    const send = driver.client(provider, { hosts: [emulator.host] })
    const url = `${emulator.url}/v2/users/me`

    const { value: outcomes } = await settleWithin(
      Promise.all(Array.from({ length: CONCURRENT }, () => send({ url }))),
      15_000,
    )
    outcomes.forEach(expectInvalidClient)
    expect(emulator.stats.tokenRequests).toBe(1)
    expect(emulator.stats.apiRequests).toBe(0)

    for (let call = 0; call < SUSTAINED_CALLS; call++) {
      now += CALL_SPACING_MS
      expectInvalidClient(await send({ url }))
    }
    // One more request per cooldown period: the credentials are checked again, never hammered.
    const periods = (SUSTAINED_CALLS * CALL_SPACING_MS) / FAILURE_COOLDOWN_MS
    expect(emulator.stats.tokenRequests).toBeGreaterThanOrEqual(periods)
    expect(emulator.stats.tokenRequests).toBeLessThanOrEqual(1 + periods)
    expect(emulator.stats.apiRequests).toBe(0)
  })
})
