import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { clientCredentials } from '../strategies/client-credentials.js'
import { createTokenProvider } from '../token-provider.js'

const success = { access_token: 'opaque', token_type: 'Bearer', expires_in: '600' }

describe('clientCredentials', () => {
  it('authenticates with HTTP Basic by default and sends the scope', async () => {
    const basic = `Basic ${Buffer.from('my%20client:p%40ss').toString('base64')}`
    nock('https://auth.example.com', { reqheaders: { authorization: basic } })
      .post('/token', 'grant_type=client_credentials&scope=read+write')
      .reply(200, success)
    const provider = createTokenProvider(
      clientCredentials({
        tokenUrl: 'https://auth.example.com/token',
        clientId: 'my client',
        clientSecret: 'p@ss',
        scope: 'read write',
      }),
    )
    await expect(provider.getToken()).resolves.toMatchObject({ accessToken: 'opaque', scopes: [] })
  })

  it('sends client_id and client_secret in the body with authMethod body', async () => {
    nock('https://auth.example.com', { badheaders: ['authorization'] })
      .post('/token', 'grant_type=client_credentials&client_id=id&client_secret=shh')
      .reply(200, success)
    const provider = createTokenProvider(
      clientCredentials({
        tokenUrl: 'https://auth.example.com/token',
        clientId: 'id',
        clientSecret: 'shh',
        authMethod: 'body',
      }),
    )
    await expect(provider.getToken()).resolves.toMatchObject({ accessToken: 'opaque' })
  })

  it('throws TypeError for a bad authMethod or tokenUrl', () => {
    const base = { tokenUrl: 'https://auth.example.com/token', clientId: 'id', clientSecret: 'shh' }
    expect(() => clientCredentials({ ...base, authMethod: 'jwt' as never })).toThrow(TypeError)
    expect(() => clientCredentials({ ...base, tokenUrl: 'http://auth.example.com/token' })).toThrow(
      TypeError,
    )
  })
})
