import { describe, expect, it } from 'vitest'
import { headersWithToken } from '../adapter.js'

const BEARER = 'Bearer new-token'

describe('headersWithToken', () => {
  it('gives only the token when there are no headers', () => {
    expect(headersWithToken(undefined, BEARER)).toEqual({ authorization: BEARER })
    expect(headersWithToken(null, BEARER)).toEqual({ authorization: BEARER })
  })

  it("reads a Headers pair by pair: any Authorization gives way to the call's, last", () => {
    const headers = new Headers({ Authorization: 'Bearer old', 'Content-Type': 'text/plain' })
    expect(headersWithToken(headers, BEARER)).toEqual([
      ['content-type', 'text/plain'],
      ['authorization', BEARER],
    ])
    // The caller's Headers never holds the token.
    expect(headers.get('authorization')).toBe('Bearer old')
  })

  it('drops an Authorization of any case from pairs, a Map and a record', () => {
    const pairs: Array<[string, string]> = [
      ['AUTHORIZATION', 'Bearer old'],
      ['x-a', '1'],
    ]
    expect(headersWithToken(pairs, BEARER)).toEqual([
      ['x-a', '1'],
      ['authorization', BEARER],
    ])
    expect(pairs).toHaveLength(2)
    const map = new Map([
      ['Authorization', 'Bearer old'],
      ['x-b', '2'],
    ])
    expect(headersWithToken(map as unknown as HeadersInit, BEARER)).toEqual([
      ['x-b', '2'],
      ['authorization', BEARER],
    ])
    const record = { authorization: 'Bearer old', 'X-C': '3' }
    expect(headersWithToken(record, BEARER)).toEqual([
      ['X-C', '3'],
      ['authorization', BEARER],
    ])
    expect(record.authorization).toBe('Bearer old')
  })

  it('passes what fetch would reject on as it is, so fetch still rejects it', () => {
    const notHeaders = 'x-a: 1' as unknown as HeadersInit
    expect(headersWithToken(notHeaders, BEARER)).toBe(notHeaders)
    // A pair of three is kept as it came: fetch's own check throws its TypeError for it.
    const malformed = [['x-a', '1', 'extra']] as unknown as HeadersInit
    expect(headersWithToken(malformed, BEARER)).toEqual([
      ['x-a', '1', 'extra'],
      ['authorization', BEARER],
    ])
  })
})
