import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startZoomEmulator } from '../index.js'
import { callApi, issueToken, useEmulator } from './support/emulator-fixture.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('the rateLimit option', () => {
  const emulator = useEmulator({ rateLimit: { limit: 3 } })

  // The window runs on Date.now(): freeze it so a slow machine cannot straddle two windows.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
  })

  it('answers 429 with Zoom’s QPS headers beyond the limit', async () => {
    const token = await issueToken(emulator())
    const statuses: number[] = []
    for (let index = 0; index < 3; index++) {
      statuses.push((await callApi(emulator(), '/v2/users/me', token)).status)
    }
    const limited = await callApi(emulator(), '/v2/users/me', token)
    expect(statuses).toEqual([200, 200, 200])
    expect(limited.status).toBe(429)
    expect(Object.fromEntries(limited.headers)).toMatchObject({
      'x-ratelimit-category': 'Light',
      'x-ratelimit-type': 'QPS',
      'x-ratelimit-limit': '3',
      'x-ratelimit-remaining': '0',
      'retry-after': '1',
      'x-zm-trackingid': expect.any(String),
    })
    expect(await limited.json()).toEqual({
      code: 429,
      message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
    })
  })

  it('tells allowed requests how many remain in the window', async () => {
    const token = await issueToken(emulator())
    const first = await callApi(emulator(), '/v2/users/me', token)
    expect(first.headers.get('x-ratelimit-limit')).toBe('3')
    expect(first.headers.get('x-ratelimit-remaining')).toBe('2')
  })

  it('lets exactly the limit through when requests arrive at once', async () => {
    const token = await issueToken(emulator())
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => callApi(emulator(), '/v2/users/me', token)),
    )
    const statuses = responses.map((response) => response.status).sort()
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429, 429, 429])
  })

  it('opens a new window after windowMs by the emulator’s clock', async () => {
    const token = await issueToken(emulator())
    for (let index = 0; index < 4; index++) await callApi(emulator(), '/v2/users/me', token)
    vi.setSystemTime(Date.now() + 1000)
    expect((await callApi(emulator(), '/v2/users/me', token)).status).toBe(200)
  })

  it('does not count requests rejected for their token', async () => {
    const token = await issueToken(emulator())
    for (let index = 0; index < 5; index++) await callApi(emulator(), '/v2/users/me', 'bad')
    expect((await callApi(emulator(), '/v2/users/me', token)).status).toBe(200)
  })

  it('does not limit the token endpoint', async () => {
    for (let index = 0; index < 5; index++) await issueToken(emulator())
    expect(emulator().stats.tokensIssued).toBe(5)
  })
})

describe('without the rateLimit option', () => {
  const emulator = useEmulator()

  it('never answers 429 and sends no rate-limit headers', async () => {
    const token = await issueToken(emulator())
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => callApi(emulator(), '/v2/users/me', token)),
    )
    expect(responses.every((response) => response.status === 200)).toBe(true)
    expect(responses[0]?.headers.get('x-ratelimit-limit')).toBeNull()
  })
})

describe('rateLimit validation', () => {
  it('throws TypeError on a negative limit or a non-positive window', async () => {
    await expect(startZoomEmulator({ rateLimit: { limit: -1 } })).rejects.toThrow(TypeError)
    await expect(startZoomEmulator({ rateLimit: { limit: 1, windowMs: 0 } })).rejects.toThrow(
      TypeError,
    )
  })
})
