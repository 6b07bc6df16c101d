import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { accountCredentials } from '../strategies/account-credentials.js'
import { zoomTokenProvider } from '../zoom-token-provider.js'

const credentials = { accountId: 'acc-1', clientId: 'client-1', clientSecret: 'secret-1' }
const basic = `Basic ${Buffer.from('client-1:secret-1').toString('base64')}`
const success = {
  access_token: 'eyJ.zoom',
  token_type: 'bearer',
  expires_in: 3599,
  scope: 'user:read:admin',
  api_url: 'https://api.zoom.us',
}

describe('accountCredentials', () => {
  it('POSTs the account_credentials grant as a form body with HTTP Basic client authentication', async () => {
    const scope = nock('https://zoom.us', {
      reqheaders: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    })
      .post('/oauth/token', 'grant_type=account_credentials&account_id=acc-1')
      .reply(200, success)
    const provider = zoomTokenProvider(credentials)
    await expect(provider.getToken()).resolves.toMatchObject({
      accessToken: 'eyJ.zoom',
      apiUrl: 'https://api.zoom.us',
      scopes: ['user:read:admin'],
    })
    expect(scope.isDone()).toBe(true)
  })

  it('serves Zoom for Government from https://zoomgov.com', async () => {
    nock('https://zoomgov.com')
      .post('/oauth/token')
      .reply(200, { ...success, api_url: 'https://api.zoomgov.com' })
    const provider = zoomTokenProvider({ ...credentials, oauthBaseUrl: 'https://zoomgov.com' })
    expect(provider.strategy.tokenUrl).toBe('https://zoomgov.com/oauth/token')
    await expect(provider.getToken()).resolves.toMatchObject({ apiUrl: 'https://api.zoomgov.com' })
  })

  it('keeps a path prefix of oauthBaseUrl', () => {
    expect(
      accountCredentials(credentials, { oauthBaseUrl: 'http://127.0.0.1:4000/zoom' }).tokenUrl,
    ).toBe('http://127.0.0.1:4000/zoom/oauth/token')
  })

  it('names the credential set with a stable id that holds no secret', () => {
    const a = accountCredentials(credentials)
    expect(a.id).toBe(accountCredentials(credentials).id)
    expect(a.id).not.toBe(accountCredentials({ ...credentials, accountId: 'acc-2' }).id)
    expect(a.id).toBe(accountCredentials({ ...credentials, clientSecret: 'rotated' }).id)
    expect(JSON.stringify(a)).not.toContain('secret-1')
    expect(a.id).not.toContain('client-1')
  })

  it.each([
    ['accountId', { ...credentials, accountId: '' }, 'ERR_INVALID_ARG_VALUE'],
    ['clientId', { ...credentials, clientId: undefined }, 'ERR_INVALID_ARG_TYPE'],
    ['clientSecret', { ...credentials, clientSecret: 42 }, 'ERR_INVALID_ARG_TYPE'],
  ])('throws a TypeError naming a missing %s', (field, input, code) => {
    expect(() => accountCredentials(input as never)).toThrow(
      Object.assign(new TypeError(`zoom-auth: "${field}" must be a non-empty string`), { code }),
    )
  })

  it.each(['not a url', 'http://zoom.us', 'ftp://zoom.us'])(
    'throws a TypeError for oauthBaseUrl %s',
    (oauthBaseUrl) => {
      expect(() => accountCredentials(credentials, { oauthBaseUrl })).toThrow(TypeError)
    },
  )
})
