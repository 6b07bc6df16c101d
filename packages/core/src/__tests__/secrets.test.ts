import { inspect } from 'node:util'
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { isZoomAuthError, ZoomAuthError } from '../errors.js'
import { zoomTokenProvider } from '../zoom-token-provider.js'
import { clientCredentials } from '../strategies/client-credentials.js'
import { createTokenProvider } from '../token-provider.js'
import { scrubCredentials } from '../scrub.js'
import type { ZoomAuthEvent } from '../types.js'

const secret = 'client-secret-do-not-leak'
const credentials = { accountId: 'acc', clientId: 'cid', clientSecret: secret }
const basic = Buffer.from(`cid:${secret}`).toString('base64')

function expectNoSecrets(value: unknown, ...tokens: string[]) {
  for (const text of [
    inspect(value, { depth: 10, showHidden: true }),
    JSON.stringify(value),
    String(value),
  ]) {
    for (const forbidden of [secret, basic, ...tokens]) expect(text).not.toContain(forbidden)
  }
}

describe('secrets never leak', () => {
  it('keeps the secret out of errors for every kind of endpoint failure', async () => {
    const answers: Array<[number, unknown]> = [
      [400, { error: 'invalid_client', reason: 'Invalid client_id or client_secret' }],
      [500, 'oops'],
      [200, '<html></html>'],
      [200, { access_token: 'leaky-token', token_type: 'mac', expires_in: 1 }],
    ]
    for (const [status, body] of answers) {
      nock('https://zoom.us')
        .post('/oauth/token')
        .reply(status, body as string)
      const error = await zoomTokenProvider({ ...credentials, retry: { limit: 0 } })
        .getToken()
        .catch((caught: unknown) => caught)
      expect(isZoomAuthError(error)).toBe(true)
      expectNoSecrets(error, 'leaky-token')
    }
  })

  it('scrubs the Basic header out of a transport error that quotes the request', async () => {
    // nock's "no match" error message lists the request headers, Authorization included.
    nock('https://zoom.us').post('/other-path').reply(200, {})
    const error = await zoomTokenProvider({ ...credentials, retry: { limit: 0 } })
      .getToken()
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'network_error' })
    expectNoSecrets(error)
    nock.cleanAll()
  })

  it('scrubs a client_secret sent in the form body (authMethod body) out of an error that quotes it', async () => {
    const bodySecret = 'form-secret-do-not-leak+/='
    const provider = () =>
      createTokenProvider(
        clientCredentials({
          tokenUrl: 'https://auth.example.com/token',
          clientId: 'cid',
          clientSecret: bodySecret,
          authMethod: 'body',
        }),
        { retry: { limit: 0 } },
      )
    const encoded = new URLSearchParams({ s: bodySecret }).toString().slice(2)
    // nock's "no match" error quotes the request body; a proxy may echo it in its error reason.
    nock('https://auth.example.com').post('/other').reply(200, {})
    const unmatched = await provider().getToken().catch((caught: unknown) => caught)
    nock.cleanAll()
    nock('https://auth.example.com')
      .post('/token')
      .reply(400, (_uri, body) => ({ error: 'invalid_request', reason: `bad body ${String(body)}` }))
    const echoed = await provider().getToken().catch((caught: unknown) => caught)
    for (const error of [unmatched, echoed]) {
      expect(isZoomAuthError(error)).toBe(true)
      expectNoSecrets(error, bodySecret, encoded)
    }
  })

  it('scrubs token-shaped fields out of any text', () => {
    const text = scrubCredentials(
      'client_secret=abc%2B1&x=1 {"access_token":"eyJ.a.b","client_secret": "s"}',
    )
    expect(text).not.toMatch(/abc|eyJ|"s"/)
    expect(text).toContain('x=1')
  })

  it('keeps tokens and secrets out of events and out of the provider and strategy objects', async () => {
    nock('https://zoom.us')
      .post('/oauth/token')
      .reply(200, { access_token: 'event-token', token_type: 'bearer', expires_in: 3600 })
    const events: ZoomAuthEvent[] = []
    const provider = zoomTokenProvider({ ...credentials, onEvent: (event) => events.push(event) })
    const token = await provider.getToken()
    provider.invalidate(token.accessToken)
    expect(events.map((event) => event.type)).toEqual(['token_fetched', 'token_invalidated'])
    expectNoSecrets(events, 'event-token')
    expectNoSecrets(provider.strategy)
    expect(inspect(provider, { depth: 5 })).not.toContain(secret)
  })

  it('serialises a ZoomAuthError to its fields, with code and name', () => {
    const error = new ZoomAuthError('rate_limited', 'slow down', {
      status: 429,
      retryAfterMs: 1000,
    })
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ZoomAuthError',
      code: 'rate_limited',
      message: 'slow down',
      status: 429,
      retryAfterMs: 1000,
    })
    expect(error).toBeInstanceOf(Error)
  })

  it('recognises a ZoomAuthError from another copy of the package by name and code', () => {
    const foreign = Object.assign(new Error('x'), { name: 'ZoomAuthError', code: 'timeout' })
    expect(isZoomAuthError(foreign)).toBe(true)
    expect(isZoomAuthError(new Error('x'))).toBe(false)
    expect(isZoomAuthError({ name: 'ZoomAuthError', code: 'timeout' })).toBe(false)
  })
})
