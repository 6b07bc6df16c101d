import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from '../retry-after.js'

const now = Date.parse('2020-05-30T23:59:00Z')

describe('parseRetryAfter', () => {
  it('reads seconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2000)
    expect(parseRetryAfter('0.5', now)).toBe(500)
  })

  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Sun, 31 May 2020 00:00:00 GMT', now)).toBe(60_000)
  })

  it('reads Zoom’s ISO date for daily limits', () => {
    expect(parseRetryAfter('2020-05-31T00:00:00Z', now)).toBe(60_000)
  })

  it('never returns a negative delay for a date in the past', () => {
    expect(parseRetryAfter('2020-05-30T00:00:00Z', now)).toBe(0)
  })

  it.each([null, undefined, '', 'soon', '-3'])('ignores %s', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined()
  })
})
