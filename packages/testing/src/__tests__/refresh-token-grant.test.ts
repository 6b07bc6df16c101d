import { afterEach, describe, expect, it, vi } from 'vitest'
import { basicAuth, callApi, useEmulator } from './support/emulator-fixture.js'
import {
  INVALID_TOKEN,
  install,
  postForm,
  postRefresh,
  refresh,
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

describe('POST /oauth/token with grant_type=refresh_token', () => {
  it('answers a new pair with a new refresh token', async () => {
    const first = await install(emulator())
    const response = await postRefresh(emulator(), first.refresh_token)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const second = await response.json()
    expect(second).toEqual({
      access_token: expect.stringMatching(/^eyJ/),
      token_type: 'bearer',
      refresh_token: expect.stringMatching(/^eyJ/),
      expires_in: 3600,
      scope: 'user:read:admin meeting:read:admin',
      api_url: emulator().url,
    })
    expect(second).not.toMatchObject({ refresh_token: first.refresh_token })
    expect(second).not.toMatchObject({ access_token: first.access_token })
  })

  it('rotates: the refresh token presented is dead from then on (400 "Invalid Token!")', async () => {
    const first = await install(emulator())
    const second = await refresh(emulator(), first.refresh_token)
    const replay = await postRefresh(emulator(), first.refresh_token)
    expect(replay.status).toBe(400)
    expect(await replay.json()).toEqual(INVALID_TOKEN)
    // The newest one still works, and so on down the chain.
    const third = await refresh(emulator(), second.refresh_token)
    expect((await postRefresh(emulator(), second.refresh_token)).status).toBe(400)
    expect((await postRefresh(emulator(), third.refresh_token)).status).toBe(200)
  })

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const { refresh_token } = await install(emulator())
    const responses = await Promise.all([
      postRefresh(emulator(), refresh_token),
      postRefresh(emulator(), refresh_token),
    ])
    expect(responses.map((response) => response.status).sort()).toEqual([200, 400])
  })

  it('keeps a dead refresh token dead after a failed presentation too', async () => {
    const first = await install(emulator())
    await refresh(emulator(), first.refresh_token)
    expect((await postRefresh(emulator(), first.refresh_token)).status).toBe(400)
    expect((await postRefresh(emulator(), first.refresh_token)).status).toBe(400)
  })

  it('issues access tokens that act as the refreshing user', async () => {
    emulator().addUser({ id: 'alice', accountId: 'acct-a', email: 'alice@a.example' })
    const first = await install(emulator(), 'alice')
    const second = await refresh(emulator(), first.refresh_token)
    const me = await callApi(emulator(), '/v2/users/me', second.access_token)
    expect(await me.json()).toMatchObject({
      id: 'alice',
      account_id: 'acct-a',
      email: 'alice@a.example',
    })
  })

  it('leaves the previous access token valid until it expires', async () => {
    const first = await install(emulator())
    await refresh(emulator(), first.refresh_token)
    expect((await callApi(emulator(), '/v2/users/me', first.access_token)).status).toBe(200)
  })

  it('answers "Invalid Token!" to a refresh token the emulator never issued', async () => {
    const response = await postRefresh(emulator(), 'eyJmade.up.token')
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual(INVALID_TOKEN)
  })

  it('answers an access token presented as a refresh token with "Invalid Token!"', async () => {
    const { access_token } = await install(emulator())
    expect(await (await postRefresh(emulator(), access_token)).json()).toEqual(INVALID_TOKEN)
  })

  it('answers 400 invalid_request without a refresh_token', async () => {
    const response = await postForm(emulator(), { grant_type: 'refresh_token' })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      reason: 'Missing refresh_token',
      error: 'invalid_request',
    })
  })

  it('checks the client first and does not rotate for a wrong client', async () => {
    const { refresh_token } = await install(emulator())
    const response = await fetch(`${emulator().url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basicAuth('someone-else', 'secret') },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token }),
    })
    expect(await response.json()).toEqual({
      reason: 'Invalid client_id or client_secret',
      error: 'invalid_client',
    })
    expect((await postRefresh(emulator(), refresh_token)).status).toBe(200)
  })

  it('gives access tokens of a refresh the current setTokenTtl()', async () => {
    const { refresh_token } = await install(emulator())
    emulator().setTokenTtl(60)
    const second = await refresh(emulator(), refresh_token)
    expect(second.expires_in).toBe(60)
    advanceClockMs(60_000)
    const response = await callApi(emulator(), '/v2/users/me', second.access_token)
    expect(await response.json()).toEqual({ code: 124, message: 'Access token is expired.' })
  })

  it('never expires refresh tokens by default', async () => {
    const { refresh_token } = await install(emulator())
    advanceClockMs(20 * 365 * 24 * 3600 * 1000)
    expect((await postRefresh(emulator(), refresh_token)).status).toBe(200)
  })
})

describe('the refreshTokenTtlSeconds option', () => {
  const shortRefresh = useEmulator({ refreshTokenTtlSeconds: 90 * 24 * 3600 })

  it('expires each refresh token that long after it was issued', async () => {
    const first = await install(shortRefresh())
    advanceClockMs(89 * 24 * 3600 * 1000)
    const second = await refresh(shortRefresh(), first.refresh_token)
    advanceClockMs(89 * 24 * 3600 * 1000)
    const third = await refresh(shortRefresh(), second.refresh_token)
    advanceClockMs(90 * 24 * 3600 * 1000)
    const response = await postRefresh(shortRefresh(), third.refresh_token)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual(INVALID_TOKEN)
  })
})
