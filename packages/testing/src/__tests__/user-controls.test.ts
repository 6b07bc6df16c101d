import { afterEach, describe, expect, it, vi } from 'vitest'
import { startZoomEmulator } from '../index.js'
import { callApi, issueToken, useEmulator } from './support/emulator-fixture.js'
import {
  authorize,
  INVALID_TOKEN,
  install,
  postForm,
  postRefresh,
  REDIRECT_URI,
  refresh,
} from './support/user-oauth-fixture.js'

afterEach(() => {
  vi.useRealTimers()
})

async function me(emulator: Parameters<typeof callApi>[0], token: string): Promise<unknown> {
  return (await callApi(emulator, '/v2/users/me', token)).json()
}

describe('users', () => {
  const emulator = useEmulator({
    users: [{ id: 'alice', accountId: 'acct-a', email: 'alice@a.example' }, { id: 'bob' }],
  })

  it('approves as the first user by default', async () => {
    const pair = await install(emulator())
    expect(await me(emulator(), pair.access_token)).toMatchObject({
      id: 'alice',
      account_id: 'acct-a',
      email: 'alice@a.example',
    })
  })

  it('gives a user without accountId or email the emulator’s account and <id>@example.com', async () => {
    const pair = await install(emulator(), 'bob')
    expect(await me(emulator(), pair.access_token)).toMatchObject({
      id: 'bob',
      account_id: 'emulator-account',
      email: 'bob@example.com',
    })
  })

  it('keeps /v2/users/me of a Server-to-Server token as it was', async () => {
    const token = await issueToken(emulator())
    expect(await me(emulator(), token)).toMatchObject({
      id: 'emulator-user',
      account_id: 'emulator-account',
      email: 'emulated.user@example.com',
      type: 2,
      status: 'active',
    })
  })

  it('accepts user tokens on every API route, echo included', async () => {
    const pair = await install(emulator())
    const echo = await callApi(emulator(), '/v2/echo/x', pair.access_token, {
      method: 'POST',
      body: 'hi',
    })
    expect(await echo.json()).toMatchObject({ path: '/v2/echo/x', body: 'hi' })
    expect((await callApi(emulator(), '/v2/forbidden', pair.access_token)).status).toBe(403)
  })
})

describe('approveAs()', () => {
  const emulator = useEmulator({ users: [{ id: 'alice' }, { id: 'bob' }, { id: 'carol' }] })

  it('queues the users the next authorizations approve as, then falls back to the first', async () => {
    emulator().approveAs('carol')
    emulator().approveAs('bob')
    const ids = []
    for (let index = 0; index < 3; index++) {
      const pair = await install(emulator())
      ids.push((await me(emulator(), pair.access_token)) as { id: string })
    }
    expect(ids.map((user) => user.id)).toEqual(['carol', 'bob', 'alice'])
  })

  it('shares its queue with denyNextAuthorization(), first in first out', async () => {
    emulator().approveAs('bob')
    emulator().denyNextAuthorization()
    expect((await authorize(emulator())).has('code')).toBe(true)
    expect((await authorize(emulator())).get('error')).toBe('access_denied')
    expect(emulator().stats).toMatchObject({ authorizationsApproved: 1, authorizationsDenied: 1 })
  })

  it('throws TypeError for a user it does not know', () => {
    expect(() => emulator().approveAs('mallory')).toThrow(TypeError)
  })
})

describe('addUser() and removeUser()', () => {
  const emulator = useEmulator()

  it('adds a user who can install at once', async () => {
    emulator().addUser({ id: 'dave', email: 'dave@d.example' })
    const pair = await install(emulator(), 'dave')
    expect(await me(emulator(), pair.access_token)).toMatchObject({ id: 'dave' })
  })

  it('throws TypeError for a taken id or a malformed user', () => {
    expect(() => emulator().addUser({ id: 'emulator-user' })).toThrow(TypeError)
    expect(() => emulator().addUser({ id: '' })).toThrow(TypeError)
    expect(() => emulator().addUser({ id: 'x', accountId: '' })).toThrow(TypeError)
    expect(() => emulator().addUser(null as never)).toThrow(TypeError)
  })

  it('removes a user: their tokens die, their refresh token gets "Invalid Token!"', async () => {
    emulator().addUser({ id: 'erin' })
    const pair = await install(emulator(), 'erin')
    emulator().removeUser('erin')
    expect((await callApi(emulator(), '/v2/users/me', pair.access_token)).status).toBe(401)
    expect(await (await postRefresh(emulator(), pair.refresh_token)).json()).toEqual(INVALID_TOKEN)
    expect(() => emulator().approveAs('erin')).toThrow(TypeError)
    expect(() => emulator().removeUser('erin')).toThrow(TypeError)
  })

  it('refuses a code issued to a user removed before the exchange', async () => {
    emulator().addUser({ id: 'gina' })
    emulator().approveAs('gina')
    const code = (await authorize(emulator())).get('code') ?? ''
    emulator().removeUser('gina')
    const response = await postForm(emulator(), {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
    })
    expect(await response.json()).toEqual({
      reason: 'Invalid authorization code',
      error: 'invalid_grant',
    })
  })

  it('denies an authorization queued for a user removed since', async () => {
    emulator().addUser({ id: 'frank' })
    emulator().approveAs('frank')
    emulator().removeUser('frank')
    expect((await authorize(emulator())).get('error')).toBe('access_denied')
  })
})

describe('revokeUserTokens()', () => {
  const emulator = useEmulator({ users: [{ id: 'alice' }, { id: 'bob' }] })

  it('kills every grant of that user, access and refresh tokens, and no one else’s', async () => {
    const [a1, a2] = [await install(emulator(), 'alice'), await install(emulator(), 'alice')]
    const b = await install(emulator(), 'bob')
    emulator().revokeUserTokens('alice')
    for (const pair of [a1, a2]) {
      const api = await callApi(emulator(), '/v2/users/me', pair.access_token)
      expect(await api.json()).toEqual({ code: 124, message: 'Invalid access token.' })
      expect(await (await postRefresh(emulator(), pair.refresh_token)).json()).toEqual(
        INVALID_TOKEN,
      )
    }
    expect((await callApi(emulator(), '/v2/users/me', b.access_token)).status).toBe(200)
    expect((await postRefresh(emulator(), b.refresh_token)).status).toBe(200)
  })

  it('lets the user install again afterwards', async () => {
    await install(emulator(), 'alice')
    emulator().revokeUserTokens('alice')
    const again = await install(emulator(), 'alice')
    expect((await postRefresh(emulator(), again.refresh_token)).status).toBe(200)
  })

  it('throws TypeError for an unknown user', () => {
    expect(() => emulator().revokeUserTokens('nobody')).toThrow(TypeError)
  })
})

describe('expireUserTokens()', () => {
  const emulator = useEmulator({ users: [{ id: 'alice' }, { id: 'bob' }] })

  it('expires that user’s access tokens; their refresh token still works', async () => {
    const a = await install(emulator(), 'alice')
    const b = await install(emulator(), 'bob')
    emulator().expireUserTokens('alice')
    const api = await callApi(emulator(), '/v2/users/me', a.access_token)
    expect(await api.json()).toEqual({ code: 124, message: 'Access token is expired.' })
    expect((await callApi(emulator(), '/v2/users/me', b.access_token)).status).toBe(200)
    const fresh = await refresh(emulator(), a.refresh_token)
    expect((await callApi(emulator(), '/v2/users/me', fresh.access_token)).status).toBe(200)
  })

  it('throws TypeError for an unknown user', () => {
    expect(() => emulator().expireUserTokens('nobody')).toThrow(TypeError)
  })
})

describe('revokeTokens() and expireTokens() with users', () => {
  const emulator = useEmulator()

  it('revokeTokens() kills users’ access tokens but not their refresh tokens', async () => {
    const pair = await install(emulator())
    emulator().revokeTokens()
    expect((await callApi(emulator(), '/v2/users/me', pair.access_token)).status).toBe(401)
    const fresh = await refresh(emulator(), pair.refresh_token)
    expect((await callApi(emulator(), '/v2/users/me', fresh.access_token)).status).toBe(200)
  })

  it('expireTokens() expires users’ access tokens too', async () => {
    const pair = await install(emulator())
    emulator().expireTokens()
    const api = await callApi(emulator(), '/v2/users/me', pair.access_token)
    expect(await api.json()).toEqual({ code: 124, message: 'Access token is expired.' })
  })

  it('a user’s access token expires after expires_in by the emulator’s clock', async () => {
    const pair = await install(emulator())
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 3600_000)
    const api = await callApi(emulator(), '/v2/users/me', pair.access_token)
    expect(await api.json()).toEqual({ code: 124, message: 'Access token is expired.' })
  })
})

describe('user options', () => {
  it('throw TypeError at once on a caller mistake', async () => {
    for (const options of [
      { users: [] },
      { users: [{ id: 'a' }, { id: 'a' }] },
      { users: [{ id: 7 }] },
      { users: [{ id: 'a', email: '' }] },
      { redirectUris: [] },
      { redirectUris: ['/relative'] },
      { authorizationCodeTtlSeconds: -1 },
      { refreshTokenTtlSeconds: Number.NaN },
    ]) {
      await expect(startZoomEmulator(options as never)).rejects.toThrow(TypeError)
    }
  })
})

describe('many users', () => {
  const users = Array.from({ length: 10_000 }, (_, index) => ({ id: `user-${index}` }))
  const emulator = useEmulator({ users })

  it('serves 10,000 configured users, each as themselves', { timeout: 60_000 }, async () => {
    const picked = ['user-0', 'user-4321', 'user-9999']
    const pairs = []
    for (const id of picked) pairs.push(await install(emulator(), id))
    const ids = await Promise.all(
      pairs.map(async (pair) => ((await me(emulator(), pair.access_token)) as { id: string }).id),
    )
    expect(ids).toEqual(picked)
  })

  it(
    'rotates 300 users’ refresh tokens concurrently without crossing them',
    { timeout: 60_000 },
    async () => {
      const ids = users.slice(0, 300).map((user) => user.id)
      const pairs = []
      for (const id of ids) pairs.push(await install(emulator(), id))
      const refreshed = await Promise.all(
        pairs.map((pair) => refresh(emulator(), pair.refresh_token)),
      )
      const who = await Promise.all(
        refreshed.map(
          async (pair) => ((await me(emulator(), pair.access_token)) as { id: string }).id,
        ),
      )
      expect(who).toEqual(ids)
      expect(emulator().stats.refreshGrants).toBe(300)
      expect(Object.keys(emulator().stats.refreshGrantsByUser)).toHaveLength(300)
      expect(emulator().stats.refreshTokensPresentedTwice).toBe(0)
    },
  )
})
