import { describe, expect, it } from 'vitest'
import { useEmulator } from './support/emulator-fixture.js'
import { authorize, getAuthorize, pkcePair, REDIRECT_URI } from './support/user-oauth-fixture.js'

const emulator = useEmulator()

describe('GET /oauth/authorize', () => {
  it('approves at once and redirects to redirect_uri with code and state', async () => {
    const response = await getAuthorize(emulator(), { state: 'xyz' })
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location') ?? '')
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI)
    expect(location.searchParams.get('code')).toMatch(/^[\w-]{20,}$/)
    expect(location.searchParams.get('state')).toBe('xyz')
  })

  it('keeps the query redirect_uri already has', async () => {
    const response = await getAuthorize(emulator(), {
      redirect_uri: `${REDIRECT_URI}?tenant=7`,
    })
    const location = new URL(response.headers.get('location') ?? '')
    expect(location.searchParams.get('tenant')).toBe('7')
    expect(location.searchParams.get('code')).not.toBeNull()
  })

  it('issues a different code every time', async () => {
    const codes = await Promise.all(
      Array.from({ length: 10 }, async () => (await authorize(emulator())).get('code')),
    )
    expect(new Set(codes).size).toBe(10)
  })

  it('leaves state out of the redirect when the request had none', async () => {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: emulator().credentials.clientId,
      redirect_uri: REDIRECT_URI,
    })
    const response = await fetch(`${emulator().url}/oauth/authorize?${query}`, {
      redirect: 'manual',
    })
    const location = new URL(response.headers.get('location') ?? '')
    expect(location.searchParams.has('state')).toBe(false)
    expect(location.searchParams.has('code')).toBe(true)
  })

  it('redirects with error=access_denied and the state after denyNextAuthorization()', async () => {
    emulator().denyNextAuthorization()
    const denied = await authorize(emulator(), { state: 'abc' })
    expect(Object.fromEntries(denied)).toEqual({ error: 'access_denied', state: 'abc' })
    expect((await authorize(emulator())).has('code')).toBe(true)
  })

  it('answers a 400 page, never a redirect, to a wrong or missing client_id', async () => {
    for (const clientId of ['someone-else', '']) {
      const response = await getAuthorize(emulator(), { client_id: clientId })
      expect(response.status).toBe(400)
      expect(response.headers.get('location')).toBeNull()
      expect(response.headers.get('content-type')).toMatch(/^text\/html/)
      expect(await response.text()).toContain('Invalid client_id')
    }
  })

  it('answers a 400 page to a missing or non-loopback redirect_uri', async () => {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: emulator().credentials.clientId,
    })
    const missing = await fetch(`${emulator().url}/oauth/authorize?${query}`, {
      redirect: 'manual',
    })
    expect(missing.status).toBe(400)
    expect(await missing.text()).toContain('Invalid redirect')
    for (const uri of ['https://example.com/callback', 'not a url', 'javascript:alert(1)']) {
      const response = await getAuthorize(emulator(), { redirect_uri: uri })
      expect(response.status).toBe(400)
      expect(response.headers.get('location')).toBeNull()
    }
  })

  it('accepts any loopback redirect_uri by default', async () => {
    for (const uri of [
      'http://localhost:8080/cb',
      'http://[::1]:9/cb',
      'https://127.0.0.1/cb',
      'http://127.0.0.2:1234/a/b',
    ]) {
      expect((await getAuthorize(emulator(), { redirect_uri: uri })).status).toBe(302)
    }
  })

  it('redirects with error=unsupported_response_type unless response_type=code', async () => {
    const query = await authorize(emulator(), { response_type: 'token', state: 's' })
    expect(Object.fromEntries(query)).toEqual({ error: 'unsupported_response_type', state: 's' })
  })

  it('redirects with error=invalid_request on a malformed PKCE challenge or method', async () => {
    const { challenge } = pkcePair()
    for (const params of [
      { code_challenge: 'short', code_challenge_method: 'S256' },
      { code_challenge: challenge, code_challenge_method: 'S512' },
      { code_challenge_method: 'S256' },
    ]) {
      expect((await authorize(emulator(), params)).get('error')).toBe('invalid_request')
    }
  })

  it('answers 405 to a method other than GET', async () => {
    const response = await fetch(`${emulator().url}/oauth/authorize`, { method: 'POST' })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET')
  })

  it('does not count as an API request', async () => {
    await authorize(emulator())
    expect(emulator().stats.apiRequests).toBe(0)
    expect(emulator().stats.authorizeRequests).toBe(1)
  })
})

describe('the redirectUris option', () => {
  const listed = useEmulator({ redirectUris: ['https://app.example.com/zoom/callback'] })

  it('accepts exactly the listed URIs, loopback ones included only if listed', async () => {
    const ok = await getAuthorize(listed(), {
      redirect_uri: 'https://app.example.com/zoom/callback',
    })
    expect(ok.status).toBe(302)
    expect(ok.headers.get('location')).toMatch(
      /^https:\/\/app\.example\.com\/zoom\/callback\?code=/,
    )
    for (const uri of [
      'https://app.example.com/zoom/callback/',
      'https://app.example.com/zoom',
      REDIRECT_URI,
    ]) {
      expect((await getAuthorize(listed(), { redirect_uri: uri })).status).toBe(400)
    }
  })
})
