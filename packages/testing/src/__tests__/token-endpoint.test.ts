import { describe, expect, it } from 'vitest'
import { basicAuth, callApi, postToken, useEmulator } from './support/emulator-fixture.js'

const emulator = useEmulator()

describe('POST /oauth/token with grant_type=account_credentials', () => {
  it('issues a bearer token shaped like Zoom’s, with the emulator as api_url', async () => {
    const response = await postToken(emulator())
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toEqual({
      access_token: expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/),
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'user:read:admin meeting:read:admin',
      api_url: emulator().url,
    })
  })

  it('issues a different token every time', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const body = (await (await postToken(emulator())).json()) as { access_token: string }
        return body.access_token
      }),
    )
    expect(new Set(tokens).size).toBe(20)
  })

  it('reads the parameters from the query string as well as from the body', async () => {
    const { accountId, clientId, clientSecret } = emulator().credentials
    const query = new URLSearchParams({ grant_type: 'account_credentials', account_id: accountId })
    const response = await fetch(`${emulator().url}/oauth/token?${query}`, {
      method: 'POST',
      headers: { authorization: basicAuth(clientId, clientSecret) },
    })
    expect(response.status).toBe(200)
  })

  it('answers 400 unsupported_grant_type to a JSON body, as Zoom does', async () => {
    const { accountId, clientId, clientSecret } = emulator().credentials
    const response = await fetch(`${emulator().url}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: basicAuth(clientId, clientSecret),
        'content-type': 'application/json',
      },
      body: JSON.stringify({ grant_type: 'account_credentials', account_id: accountId }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      reason: 'unsupported grant type',
      error: 'unsupported_grant_type',
    })
    expect(emulator().stats.tokenRequestsByGrant).toEqual({ account_credentials: 1 })
  })

  it('answers 400 invalid_client to a wrong secret', async () => {
    const response = await postToken(
      emulator(),
      {},
      { headers: { authorization: basicAuth(emulator().credentials.clientId, 'wrong') } },
    )
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      reason: 'Invalid client_id or client_secret',
      error: 'invalid_client',
    })
  })

  it('answers 400 invalid_client to a wrong client id', async () => {
    const response = await postToken(
      emulator(),
      {},
      {
        headers: { authorization: basicAuth('someone-else', emulator().credentials.clientSecret) },
      },
    )
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'invalid_client' })
  })

  it('answers 400 invalid_client without client authentication', async () => {
    const response = await postToken(emulator(), {}, { headers: {} })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'invalid_client' })
  })

  it('answers 400 invalid_client to a Basic header that is not id:secret', async () => {
    const response = await postToken(
      emulator(),
      {},
      { headers: { authorization: 'Basic bm9jb2xvbg==' } },
    )
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'invalid_client' })
  })

  it('answers 400 invalid_request to a wrong account_id', async () => {
    const response = await postToken(emulator(), { account_id: 'another-account' })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      reason: 'Invalid account_id',
      error: 'invalid_request',
    })
  })

  it('answers 400 invalid_request without account_id', async () => {
    const { clientId, clientSecret } = emulator().credentials
    const response = await fetch(`${emulator().url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basicAuth(clientId, clientSecret) },
      body: new URLSearchParams({ grant_type: 'account_credentials' }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      reason: 'Missing account_id',
      error: 'invalid_request',
    })
  })

  it('answers 400 unsupported_grant_type to an unknown grant', async () => {
    const response = await postToken(emulator(), { grant_type: 'password' })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      reason: 'unsupported grant type',
      error: 'unsupported_grant_type',
    })
  })

  it('answers 400 invalid_request without grant_type', async () => {
    const { clientId, clientSecret } = emulator().credentials
    const response = await fetch(`${emulator().url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basicAuth(clientId, clientSecret) },
      body: new URLSearchParams({ account_id: emulator().credentials.accountId }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      reason: 'Missing grant_type',
      error: 'invalid_request',
    })
  })

  it('answers 405 to methods other than POST', async () => {
    const response = await fetch(`${emulator().url}/oauth/token`)
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })

  it('marks every answer with a fresh x-zm-trackingid and a JSON content type', async () => {
    const answers = [await postToken(emulator()), await postToken(emulator(), { grant_type: 'x' })]
    const ids = answers.map((response) => response.headers.get('x-zm-trackingid'))
    expect(ids.every((id) => id !== null && id.length > 10)).toBe(true)
    expect(new Set(ids).size).toBe(2)
    for (const response of answers) {
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    }
  })
})

describe('POST /oauth/token with grant_type=client_credentials', () => {
  const clientCredentials = (params: Record<string, string>, authorization?: string) =>
    fetch(`${emulator().url}/oauth/token`, {
      method: 'POST',
      headers: authorization === undefined ? {} : { authorization },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...params }),
    })

  it('issues a token to a client authenticated with Basic, without api_url', async () => {
    const { clientId, clientSecret } = emulator().credentials
    const response = await clientCredentials({}, basicAuth(clientId, clientSecret))
    expect(response.status).toBe(200)
    const body = (await response.json()) as Record<string, unknown>
    expect(body).toEqual({
      access_token: expect.stringMatching(/^eyJ/),
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'user:read:admin meeting:read:admin',
    })
    expect((await callApi(emulator(), '/v2/users/me', body.access_token as string)).status).toBe(
      200,
    )
  })

  it('issues a token to a client authenticated with client_id and client_secret in the body', async () => {
    const { clientId, clientSecret } = emulator().credentials
    const response = await clientCredentials({ client_id: clientId, client_secret: clientSecret })
    expect(response.status).toBe(200)
  })

  it('answers 400 invalid_client to a wrong secret in the body', async () => {
    const response = await clientCredentials({
      client_id: emulator().credentials.clientId,
      client_secret: 'wrong',
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'invalid_client' })
  })

  it('narrows the token to the requested scope', async () => {
    const { clientId, clientSecret } = emulator().credentials
    const response = await clientCredentials(
      { scope: 'user:read:admin' },
      basicAuth(clientId, clientSecret),
    )
    expect(await response.json()).toMatchObject({ scope: 'user:read:admin' })
  })

  it('answers 400 invalid_scope to a scope the emulator does not grant', async () => {
    const { clientId, clientSecret } = emulator().credentials
    const response = await clientCredentials(
      { scope: 'user:read:admin meeting:write:admin' },
      basicAuth(clientId, clientSecret),
    )
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      reason: 'Invalid scope: meeting:write:admin',
      error: 'invalid_scope',
    })
  })
})

describe('client authentication with unusual characters', () => {
  const special = useEmulator({ clientId: 'team:zoom', clientSecret: 'a+b c/é' })

  it('accepts credentials form-encoded inside the Basic header (RFC 6749 2.3.1)', async () => {
    const formEncode = (value: string) => encodeURIComponent(value).replaceAll('%20', '+')
    const response = await postToken(
      special(),
      {},
      { headers: { authorization: basicAuth(formEncode('team:zoom'), formEncode('a+b c/é')) } },
    )
    expect(response.status).toBe(200)
  })
})

describe('client authentication with a raw secret', () => {
  const plusSecret = useEmulator({ clientSecret: 'a+b/c==' })

  it('accepts a secret sent raw in the Basic header, as Zoom’s examples do', async () => {
    const { clientId, clientSecret } = plusSecret().credentials
    const response = await postToken(
      plusSecret(),
      {},
      { headers: { authorization: basicAuth(clientId, clientSecret) } },
    )
    expect(response.status).toBe(200)
  })
})
