import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { zoomTokenProvider } from '../zoom-token-provider.js'

const credentials = { accountId: 'acc', clientId: 'cid', clientSecret: 'top-secret-value' }
const provider = () => zoomTokenProvider({ ...credentials, retry: { limit: 0 } })
const endpoint = () => nock('https://zoom.us').post('/oauth/token')

describe('token endpoint answers', () => {
  it('maps Zoom’s invalid_client to code invalid_client, keeping error, reason and tracking id', async () => {
    endpoint().reply(
      400,
      { reason: 'Invalid client_id or client_secret', error: 'invalid_client' },
      { 'x-zm-trackingid': 'v=2.0;clid=us05;rid=1' },
    )
    await expect(provider().getToken()).rejects.toMatchObject({
      name: 'ZoomAuthError',
      code: 'invalid_client',
      status: 400,
      error: 'invalid_client',
      reason: 'Invalid client_id or client_secret',
      trackingId: 'v=2.0;clid=us05;rid=1',
      attempts: 1,
    })
  })

  it('maps unsupported_grant_type to invalid_request', async () => {
    endpoint().reply(400, { reason: 'unsupported grant type', error: 'unsupported_grant_type' })
    await expect(provider().getToken()).rejects.toMatchObject({
      code: 'invalid_request',
      error: 'unsupported_grant_type',
    })
  })

  it('maps 429 to rate_limited with retryAfterMs', async () => {
    endpoint().reply(429, {}, { 'retry-after': '30' })
    await expect(provider().getToken()).rejects.toMatchObject({
      code: 'rate_limited',
      status: 429,
      retryAfterMs: 30_000,
    })
  })

  it('maps 5xx (also with an HTML body) to server_error', async () => {
    endpoint().reply(502, '<html><body>Bad Gateway</body></html>', { 'content-type': 'text/html' })
    await expect(provider().getToken()).rejects.toMatchObject({ code: 'server_error', status: 502 })
  })

  it.each([
    ['an HTML page', '<html>proxy login</html>'],
    ['an empty body', ''],
  ])('maps a 200 with %s to invalid_response with the status', async (_name, body) => {
    endpoint().reply(200, body)
    await expect(provider().getToken()).rejects.toMatchObject({
      code: 'invalid_response',
      status: 200,
    })
  })

  it('maps a refused connection to network_error', async () => {
    const refused = zoomTokenProvider({
      ...credentials,
      oauthBaseUrl: 'http://127.0.0.1:1',
      retry: { limit: 0 },
    })
    await expect(refused.getToken()).rejects.toMatchObject({ code: 'network_error' })
  })

  it('retries a 503 and succeeds with the next answer', async () => {
    endpoint().reply(503)
    endpoint().reply(200, { access_token: 'after-retry', token_type: 'bearer', expires_in: 3600 })
    const retrying = zoomTokenProvider({ ...credentials, retry: { baseDelayMs: 1 } })
    await expect(retrying.getToken()).resolves.toMatchObject({ accessToken: 'after-retry' })
  })
})
