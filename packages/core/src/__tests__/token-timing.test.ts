import { describe, expect, it } from 'vitest'
import { tokenFreshness, tokenTiming } from '../token-timing.js'

const windows = { refreshAheadMs: 300_000, expiryMarginMs: 30_000 }
const hour = 3_600_000

describe('tokenTiming and tokenFreshness', () => {
  it('is fresh until the refresh-ahead window, then refresh-ahead, then expired inside the margin', () => {
    const timing = tokenTiming(hour, hour, windows, 0)
    expect(tokenFreshness(timing, 0)).toBe('fresh')
    expect(tokenFreshness(timing, hour - 300_001)).toBe('fresh')
    expect(tokenFreshness(timing, hour - 300_000)).toBe('refresh-ahead')
    expect(tokenFreshness(timing, hour - 30_001)).toBe('refresh-ahead')
    expect(tokenFreshness(timing, hour - 30_000)).toBe('expired')
  })

  it('clamps the refresh-ahead window to half of a short lifetime', () => {
    const timing = tokenTiming(60_000, 60_000, windows, 0)
    expect(timing.refreshAt).toBe(30_000)
    expect(tokenFreshness(timing, 29_999)).toBe('fresh')
  })

  it('clamps the margin to a quarter of a short lifetime, so a 10 s token is usable', () => {
    const timing = tokenTiming(10_000, 10_000, windows, 0)
    expect(timing.staleAt).toBe(7_500)
    expect(tokenFreshness(timing, 0)).toBe('fresh')
  })

  it('jitters the refresh point into the first fifth of the window, never past the margin', () => {
    const early = tokenTiming(hour, hour, windows, 0)
    const late = tokenTiming(hour, hour, windows, 1)
    expect(late.refreshAt - early.refreshAt).toBeCloseTo(0.2 * (300_000 - 30_000))
    expect(late.refreshAt).toBeLessThan(late.staleAt)
  })
})
