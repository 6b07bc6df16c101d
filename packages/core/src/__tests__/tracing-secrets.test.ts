import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { inspect } from 'node:util'
import nock from 'nock'
import { afterEach, describe, expect, it } from 'vitest'
import { createAuthorizer } from '../call/authorizer.js'
import { bodyReplay, cannotResend } from '../call/body-replay.js'
import { memoryTokenStore } from '../memory-token-store.js'
import { clientCredentials } from '../strategies/client-credentials.js'
import { createTokenProvider } from '../token-provider.js'
import {
  GET_TOKEN_CHANNEL_NAME,
  REPLAY_CHANNEL_NAME,
  TOKEN_REQUEST_CHANNEL_NAME,
} from '../tracing.js'
import { memoryUserTokenStore } from '../user/memory-user-token-store.js'
import { zoomUsers } from '../user/zoom-users.js'
import { zoomTokenProvider } from '../zoom-token-provider.js'
import { rotatingEndpoint } from './support/rotating-endpoint.js'

const secret = 'client-secret-do-not-leak'
const credentials = { accountId: 'acc', clientId: 'cid', clientSecret: secret }
const basic = Buffer.from(`cid:${secret}`).toString('base64')
const bodySecret = 'form-secret-do-not-leak'

const CHANNELS = [GET_TOKEN_CHANNEL_NAME, TOKEN_REQUEST_CHANNEL_NAME, REPLAY_CHANNEL_NAME]
const EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error']

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** Every context published on every channel, serialised the ways a subscriber might, as it was then. */
function recordAll() {
  const renderings: string[] = []
  const heard = new Set<string>()
  for (const name of CHANNELS) {
    for (const event of EVENTS) {
      const full = `tracing:${name}:${event}`
      const onMessage = (context: unknown) => {
        heard.add(full)
        const { error } = context as { error?: unknown }
        renderings.push(inspect(context, { depth: 10, showHidden: true }), JSON.stringify(context))
        if (error instanceof Error) renderings.push(String(error), error.stack ?? '')
      }
      subscribe(full, onMessage)
      cleanups.push(() => unsubscribe(full, onMessage))
    }
  }
  return { renderings, heard }
}

const tokenAnswer = (accessToken: string) => ({
  access_token: accessToken,
  token_type: 'bearer',
  expires_in: 3600,
  scope: 'user:read:admin',
})

describe('tracing contexts never carry a token, a secret or a refresh token', () => {
  it('in a full run with every channel subscribed', async () => {
    const { renderings, heard } = recordAll()
    const issued = ['at-first-7f3a', 'at-second-91bc', 'at-third-c0de']

    // Server-to-Server: a rate-limited attempt, a token, a 401 replay with a body, a replay that
    // can't resend, a forced refresh; a second provider takes the token from the shared store.
    nock('https://zoom.us')
      .post('/oauth/token')
      .reply(429, { reason: `too many for Basic ${basic}` }, { 'retry-after': '0.001' })
      .post('/oauth/token')
      .reply(200, tokenAnswer(issued[0]!))
      .post('/oauth/token')
      .reply(200, tokenAnswer(issued[1]!))
      .post('/oauth/token')
      .reply(200, tokenAnswer(issued[2]!))
    const store = memoryTokenStore()
    const provider = zoomTokenProvider({ ...credentials, store })
    const authorizer = createAuthorizer(provider, {})
    const call = await authorizer.authorize('https://api.zoom.us/v2/users/me')
    await call?.replay(undefined, bodyReplay('{"topic":"replayed body"}', { maxBytes: 1024 }))
    const second = await authorizer.authorize('https://api.zoom.us/v2/users/me')
    await second?.replay(undefined, cannotResend('stream'))
    await provider.getToken({ forceRefresh: true })
    await zoomTokenProvider({ ...credentials, store }).getToken()
    // A replay whose new token can't be had: the endpoint now refuses, echoing the Basic header.
    nock('https://zoom.us')
      .post('/oauth/token')
      .reply(401, { error: 'invalid_client', reason: `rejected Basic ${basic}` })
    const third = await authorizer.authorize('https://api.zoom.us/v2/users/me')
    await expect(third?.replay()).rejects.toMatchObject({ code: 'invalid_client' })
    provider.close()

    // A secret sent in the form body, echoed by the endpoint.
    nock('https://auth.example.com')
      .post('/token')
      .reply(400, (_uri, body) => ({ error: 'invalid_request', reason: `bad ${String(body)}` }))
    const form = clientCredentials({
      tokenUrl: 'https://auth.example.com/token',
      clientId: 'cid',
      clientSecret: bodySecret,
      authMethod: 'body',
    })
    await expect(createTokenProvider(form, { retry: { limit: 0 } }).getToken()).rejects.toThrow()

    // User-level OAuth: an expired access token refreshed with a rotating refresh token.
    const endpoint = rotatingEndpoint()
    const installed = endpoint.install()
    const userStore = memoryUserTokenStore()
    await userStore.put('alice', {
      accessToken: installed.access,
      refreshToken: installed.refresh,
      issuedAt: Date.now() - 3_700_000,
      expiresAt: Date.now() - 100_000,
      scopes: ['user:read'],
      clientId: 'user-app',
    })
    const users = zoomUsers({
      clientId: 'user-app',
      clientSecret: secret,
      store: userStore,
      fetch: endpoint.fetch,
    })
    const refreshed = await users.forUser('alice').getToken()
    const rotated = await userStore.get('alice')
    users.close()

    expect([...heard].sort()).toEqual(
      CHANNELS.flatMap((name) => EVENTS.map((event) => `tracing:${name}:${event}`)).sort(),
    )
    const forbidden = [
      secret,
      basic,
      bodySecret,
      encodeURIComponent(bodySecret),
      ...issued,
      installed.access,
      installed.refresh,
      refreshed.accessToken,
      rotated?.refreshToken ?? 'missing rotated refresh token',
    ]
    const leaks = renderings.flatMap((text) => forbidden.filter((value) => text.includes(value)))
    expect(leaks).toEqual([])
    expect(renderings.length).toBeGreaterThan(100)
  })
})
