import { afterEach, describe, expect, it, vi } from 'vitest'
import { basicAuth, callApi, useEmulator } from './support/emulator-fixture.js'
import {
  authorize,
  pkcePair,
  postForm,
  REDIRECT_URI,
  type UserPair,
} from './support/user-oauth-fixture.js'

const emulator = useEmulator()

afterEach(() => {
  vi.useRealTimers()
})

/** Moves only `Date` (the emulator's clock); sockets and timers keep real time. */
function advanceClockMs(ms: number): void {
  if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(Date.now() + ms)
}

const INVALID_CODE = { reason: 'Invalid authorization code', error: 'invalid_grant' }
const INVALID_VERIFIER = { reason: 'Invalid code_verifier', error: 'invalid_grant' }

function exchange(code: string, extra: Record<string, string> = {}): Promise<Response> {
  return postForm(emulator(), {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    ...extra,
  })
}

describe('POST /oauth/token with grant_type=authorization_code', () => {
  it('answers a pair shaped like Zoom’s, with the emulator as api_url', async () => {
    const code = (await authorize(emulator())).get('code') ?? ''
    const response = await exchange(code)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toEqual({
      access_token: expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/),
      token_type: 'bearer',
      refresh_token: expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/),
      expires_in: 3600,
      scope: 'user:read:admin meeting:read:admin',
      api_url: emulator().url,
    })
  })

  it('issues an access token that the API accepts as the approving user', async () => {
    const code = (await authorize(emulator())).get('code') ?? ''
    const pair = (await (await exchange(code)).json()) as UserPair
    const me = await callApi(emulator(), '/v2/users/me', pair.access_token)
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({
      id: 'emulator-user',
      account_id: 'emulator-account',
      email: 'emulated.user@example.com',
    })
  })

  it('accepts a code once: a second exchange gets 400 invalid_grant', async () => {
    const code = (await authorize(emulator())).get('code') ?? ''
    expect((await exchange(code)).status).toBe(200)
    const again = await exchange(code)
    expect(again.status).toBe(400)
    expect(await again.json()).toEqual(INVALID_CODE)
  })

  it('answers an unknown code with 400 invalid_grant', async () => {
    const response = await exchange('made-up-code')
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual(INVALID_CODE)
  })

  it('answers an expired code with 400 invalid_grant (300 s by default)', async () => {
    const fresh = (await authorize(emulator())).get('code') ?? ''
    const stale = (await authorize(emulator())).get('code') ?? ''
    advanceClockMs(299_000)
    expect((await exchange(fresh)).status).toBe(200)
    advanceClockMs(1000)
    const response = await exchange(stale)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual(INVALID_CODE)
  })

  it('answers 400 "Redirect URI mismatch" (Zoom 4709) when redirect_uri differs, and spends the code', async () => {
    const code = (await authorize(emulator())).get('code') ?? ''
    const mismatch = await exchange(code, { redirect_uri: `${REDIRECT_URI}/other` })
    expect(mismatch.status).toBe(400)
    expect(await mismatch.json()).toEqual({
      reason: 'Redirect URI mismatch',
      error: 'invalid_request',
    })
    const retry = await exchange(code)
    expect(retry.status).toBe(400)
    expect(await retry.json()).toEqual(INVALID_CODE)
  })

  it('answers 400 when the code exchange leaves out redirect_uri', async () => {
    const code = (await authorize(emulator())).get('code') ?? ''
    const response = await postForm(emulator(), { grant_type: 'authorization_code', code })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      reason: 'Redirect URI mismatch',
      error: 'invalid_request',
    })
  })

  it('answers 400 invalid_request without a code', async () => {
    const response = await postForm(emulator(), {
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT_URI,
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ reason: 'Missing code', error: 'invalid_request' })
  })

  it('checks the client before the code', async () => {
    const code = (await authorize(emulator())).get('code') ?? ''
    const response = await fetch(`${emulator().url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basicAuth(emulator().credentials.clientId, 'wrong') },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
      }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      reason: 'Invalid client_id or client_secret',
      error: 'invalid_client',
    })
  })
})

describe('PKCE', () => {
  it('accepts the verifier of an S256 challenge', async () => {
    const { verifier, challenge } = pkcePair()
    const query = await authorize(emulator(), {
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    const response = await exchange(query.get('code') ?? '', { code_verifier: verifier })
    expect(response.status).toBe(200)
  })

  it('checks RFC 7636’s own example: BASE64URL(SHA256(verifier)) === challenge', async () => {
    const query = await authorize(emulator(), {
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    })
    const response = await exchange(query.get('code') ?? '', {
      code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    })
    expect(response.status).toBe(200)
  })

  it('answers 400 invalid_grant to a wrong, missing or malformed verifier', async () => {
    const { challenge } = pkcePair()
    for (const verifier of [pkcePair().verifier, undefined, 'short']) {
      const query = await authorize(emulator(), {
        code_challenge: challenge,
        code_challenge_method: 'S256',
      })
      const response = await exchange(
        query.get('code') ?? '',
        verifier === undefined ? {} : { code_verifier: verifier },
      )
      expect(response.status).toBe(400)
      expect(await response.json()).toEqual(INVALID_VERIFIER)
    }
  })

  it('answers 400 to the challenge itself sent as the verifier of an S256 challenge', async () => {
    const { challenge } = pkcePair()
    const query = await authorize(emulator(), {
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    const response = await exchange(query.get('code') ?? '', { code_verifier: challenge })
    expect(await response.json()).toEqual(INVALID_VERIFIER)
  })

  it('treats a challenge without a method as plain (RFC 7636 4.3)', async () => {
    const { verifier } = pkcePair()
    const query = await authorize(emulator(), { code_challenge: verifier })
    expect((await exchange(query.get('code') ?? '', { code_verifier: verifier })).status).toBe(200)
  })

  it('spends the code on a failed verifier: the right one afterwards is refused', async () => {
    const { verifier, challenge } = pkcePair()
    const query = await authorize(emulator(), {
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })
    const code = query.get('code') ?? ''
    expect((await exchange(code, { code_verifier: pkcePair().verifier })).status).toBe(400)
    const retry = await exchange(code, { code_verifier: verifier })
    expect(await retry.json()).toEqual(INVALID_CODE)
  })
})

describe('the authorizationCodeTtlSeconds option', () => {
  const shortCodes = useEmulator({ authorizationCodeTtlSeconds: 10 })

  it('sets how long a code can be exchanged', async () => {
    const code = (await authorize(shortCodes())).get('code') ?? ''
    advanceClockMs(10_000)
    const response = await postForm(shortCodes(), {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
    })
    expect(await response.json()).toEqual(INVALID_CODE)
  })
})
