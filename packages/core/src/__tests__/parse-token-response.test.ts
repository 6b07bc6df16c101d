import { describe, expect, it } from 'vitest'
import { parseTokenResponse } from '../parse-token-response.js'
import { isZoomAuthError } from '../errors.js'

const valid = {
  access_token: 'eyJ.abc',
  token_type: 'bearer',
  expires_in: 3599,
  scope: 'user:read:admin meeting:write:admin',
  api_url: 'https://api.zoom.us',
}

function failureOf(body: unknown): { code: string; message: string } {
  try {
    parseTokenResponse(body, 200)
  } catch (error) {
    if (!isZoomAuthError(error)) throw error
    return { code: error.code, message: error.message }
  }
  throw new Error('expected parseTokenResponse to throw')
}

describe('parseTokenResponse', () => {
  it('reads Zoom’s success body into a grant', () => {
    expect(parseTokenResponse(valid, 200)).toEqual({
      accessToken: 'eyJ.abc',
      expiresInSeconds: 3599,
      scopes: ['user:read:admin', 'meeting:write:admin'],
      apiUrl: 'https://api.zoom.us',
    })
  })

  it('accepts token_type in any case and expires_in as a numeric string', () => {
    const grant = parseTokenResponse({ ...valid, token_type: 'Bearer', expires_in: '3600' }, 200)
    expect(grant.expiresInSeconds).toBe(3600)
  })

  it('treats scope and api_url as optional', () => {
    const { scope: _scope, api_url: _apiUrl, ...minimal } = valid
    expect(parseTokenResponse(minimal, 200)).toEqual({
      accessToken: 'eyJ.abc',
      expiresInSeconds: 3599,
      scopes: [],
    })
  })

  it('reads scope given as a JSON array of strings, as Zoom’s document shows it', () => {
    const grant = parseTokenResponse(
      { ...valid, scope: ['user:read:admin', '', 'meeting:write:admin'] },
      200,
    )
    expect(grant.scopes).toEqual(['user:read:admin', 'meeting:write:admin'])
    expect(parseTokenResponse({ ...valid, scope: [] }, 200).scopes).toEqual([])
  })

  it.each([
    ['a non-object', 'hello', 'JSON object'],
    ['an array', [valid], 'JSON object'],
    ['a missing access_token', { ...valid, access_token: undefined }, '"access_token"'],
    ['an empty access_token', { ...valid, access_token: '' }, '"access_token"'],
    ['a missing token_type', { ...valid, token_type: undefined }, '"token_type"'],
    ['an unknown token_type', { ...valid, token_type: 'mac' }, '"token_type"'],
    ['a missing expires_in', { ...valid, expires_in: undefined }, '"expires_in"'],
    ['a zero expires_in', { ...valid, expires_in: 0 }, '"expires_in"'],
    ['a negative expires_in', { ...valid, expires_in: -5 }, '"expires_in"'],
    ['a non-numeric expires_in', { ...valid, expires_in: 'soon' }, '"expires_in"'],
    ['a scope array holding a non-string', { ...valid, scope: ['a', 1] }, '"scope"'],
    ['a numeric scope', { ...valid, scope: 42 }, '"scope"'],
    ['an object scope', { ...valid, scope: { a: true } }, '"scope"'],
    ['a null scope', { ...valid, scope: null }, '"scope"'],
    ['a relative api_url', { ...valid, api_url: '/v2' }, '"api_url"'],
  ])('rejects %s with invalid_response naming the field', (_name, body, field) => {
    const { code, message } = failureOf(body)
    expect(code).toBe('invalid_response')
    expect(message).toContain(field)
  })

  it('checks fields in a fixed order: access_token before expires_in', () => {
    expect(failureOf({ token_type: 'bearer' }).message).toContain('"access_token"')
    expect(failureOf({ access_token: 'x' }).message).toContain('"token_type"')
  })

  it('caps an absurdly large expires_in instead of overflowing timers', () => {
    expect(parseTokenResponse({ ...valid, expires_in: 1e12 }, 200).expiresInSeconds).toBeLessThan(
      1e9,
    )
  })
})
