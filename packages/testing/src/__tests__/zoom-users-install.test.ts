import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import {
  isZoomAuthError,
  memoryUserTokenStore,
  type UserTokenStore,
  type ZoomUsers,
} from '@zoom-auth/core'
import { callApi, useEmulator } from './support/emulator-fixture.js'
import { installHarness, rejectionOf, zoomErrorOf } from './support/install-fixture.js'
import { REDIRECT_URI } from './support/user-oauth-fixture.js'

const emulator = useEmulator()

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))))
})

/**
 * The README's app: two routes on a plain node:http server, the session id (a cookie) as binding.
 */
async function startApp(
  makeUsers: (redirectUri: string) => ZoomUsers,
): Promise<{ origin: string; users: ZoomUsers; installed: string[] }> {
  const installed: string[] = []
  // Made once the server listens: its redirect URI names the port.
  const made: { users?: ZoomUsers } = {}
  const server = createServer(async (req, res) => {
    const sid = /sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1] ?? 'no-session'
    const { pathname } = new URL(req.url ?? '/', 'http://app')
    if (pathname === '/zoom/install') {
      const { url } = await made.users!.beginInstall({ binding: sid })
      res.writeHead(302, { location: url }).end()
    } else if (pathname === '/zoom/callback') {
      try {
        const { key } = await made.users!.completeInstall(req.url ?? '', { binding: sid })
        installed.push(key)
        res.end(`connected ${key}`)
      } catch (error) {
        const declined = isZoomAuthError(error) && error.error === 'access_denied'
        res.writeHead(declined ? 403 : 400).end(declined ? 'declined' : 'install failed')
      }
    } else res.writeHead(404).end()
  })
  servers.push(server)
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const users = (made.users = makeUsers(`${origin}/zoom/callback`))
  return { origin, users, installed }
}

/** A browser: follows redirects, and sends the app's cookie to the app only. */
async function browse(url: string, appOrigin: string, cookie: string): Promise<Response> {
  for (let hops = 0; ; hops++) {
    const here = new URL(url)
    const response = await fetch(here, {
      redirect: 'manual',
      headers: here.origin === appOrigin ? { cookie } : {},
    })
    const location = response.headers.get('location')
    if (response.status !== 302 || location === null || hops > 5) return response
    url = new URL(location, here).href
  }
}

describe('installing through the app’s two routes', () => {
  it('redirects to Zoom, follows the 302 back, stores the grant and serves tokens for the user', async () => {
    const zoom = emulator()
    let app!: ReturnType<typeof installHarness>
    const { origin, installed } = await startApp((redirectUri) => {
      app = installHarness(zoom, { redirectUri })
      return app.users
    })
    const page = await browse(`${origin}/zoom/install`, origin, 'sid=session-1')
    expect([page.status, await page.text()]).toEqual([200, 'connected emulator-user'])
    expect(installed).toEqual(['emulator-user'])
    expect(zoom.stats.authorizationsApproved).toBe(1)

    const grant = await app.store.get('emulator-user')
    expect(grant).toMatchObject({
      clientId: zoom.credentials.clientId,
      userId: 'emulator-user',
      accountId: 'emulator-account',
      apiUrl: zoom.url,
      scopes: ['user:read:admin', 'meeting:read:admin'],
    })
    const { accessToken } = await app.users.forUser('emulator-user').getToken()
    expect(accessToken).toBe(grant?.accessToken)
    const me = await callApi(zoom, '/v2/users/me', accessToken)
    expect(((await me.json()) as { id: string }).id).toBe('emulator-user')
    app.expectNoLeaks(grant?.userId, inspect(app.users, { depth: 5 }))
  })

  it('refuses a callback brought to another session: the binding differs', async () => {
    const zoom = emulator()
    let app!: ReturnType<typeof installHarness>
    const { origin, installed } = await startApp((redirectUri) => {
      app = installHarness(zoom, { redirectUri })
      return app.users
    })
    const start = await fetch(`${origin}/zoom/install`, {
      redirect: 'manual',
      headers: { cookie: 'sid=victim' },
    })
    // The emulator approves at once; an attacker completes the victim's callback in their session.
    const callback = await app.authorize(start.headers.get('location') ?? '')
    const attempt = await fetch(callback, { headers: { cookie: 'sid=attacker' } })
    expect(attempt.status).toBe(400)
    expect(installed).toEqual([])
    expect(zoom.stats.tokenRequests).toBe(0)
    expect(await app.store.get('emulator-user')).toBeUndefined()
  })

  it('answers a user who declines with access_denied, and asks Zoom nothing', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    zoom.denyNextAuthorization()
    const { url } = await app.users.beginInstall()
    const error = await zoomErrorOf(app.users.completeInstall(await app.authorize(url)))
    expect(error).toMatchObject({ code: 'invalid_request', error: 'access_denied' })
    expect(zoom.stats.tokenRequests).toBe(0)
    expect(await app.store.get('emulator-user')).toBeUndefined()
    app.expectNoLeaks(error)
  })
})

describe('the authorize URL', () => {
  it('carries the client, redirect URI, a sealed state and an S256 challenge, and no verifier', async () => {
    const zoom = emulator()
    const verifiers: string[] = []
    const app = installHarness(zoom, { scope: ['meeting:read', 'user:read'] }, (form) => {
      const verifier = form.get('code_verifier')
      if (verifier !== null) verifiers.push(verifier)
    })
    const { url, state } = await app.users.beginInstall()
    const params = new URL(url).searchParams
    expect(url.startsWith(`${zoom.url}/oauth/authorize?`)).toBe(true)
    expect(Object.fromEntries(params)).toEqual({
      response_type: 'code',
      client_id: zoom.credentials.clientId,
      redirect_uri: REDIRECT_URI,
      state,
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge_method: 'S256',
      scope: 'meeting:read user:read',
    })
    await app.users.completeInstall(await app.authorize(url))
    const [verifier] = verifiers
    expect(verifier).toMatch(/^[\w-]{43}$/)
    expect(url).not.toContain(verifier)
    expect(Buffer.from(state, 'base64url').includes(Buffer.from(verifier!, 'base64url'))).toBe(
      false,
    )
  })
})

describe('the state', () => {
  it('opens in another process of the fleet given the same stateSecret', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    const { url } = await app.users.beginInstall({ binding: 'session-1' })
    const callback = await app.authorize(url)
    const other = app.another()
    expect(await other.completeInstall(callback, { binding: 'session-1' })).toEqual({
      key: 'emulator-user',
      userId: 'emulator-user',
      accountId: 'emulator-account',
    })
    expect((await app.users.forUser('emulator-user').getToken()).accessToken).toBeTruthy()
  })

  it('does not open in a process with another stateSecret (each process’s random one, by default)', async () => {
    const zoom = emulator()
    const app = installHarness(zoom, { stateSecret: undefined })
    const { url } = await app.users.beginInstall()
    const error = await zoomErrorOf(app.another().completeInstall(await app.authorize(url)))
    expect(error).toMatchObject({ code: 'invalid_request', error: 'invalid_state' })
    expect(zoom.stats.tokenRequests).toBe(0)
    app.expectNoLeaks(error)
  })

  it('refuses a state altered anywhere, a made-up one, or none, before any token request', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    const { url, state } = await app.users.beginInstall()
    const callback = new URL(await app.authorize(url))
    const bytes = Buffer.from(state, 'base64url')
    const states = [
      'made-up',
      '',
      Buffer.concat([bytes, Buffer.of(0)]).toString('base64url'),
      bytes.subarray(0, bytes.length - 1).toString('base64url'),
    ]
    for (let index = 0; index < bytes.length; index++) {
      const altered = Buffer.from(bytes)
      altered[index]! ^= 0x01
      states.push(altered.toString('base64url'))
    }
    for (const bad of states) {
      callback.searchParams.set('state', bad)
      const error = await zoomErrorOf(app.users.completeInstall(callback))
      expect(error).toMatchObject({ code: 'invalid_request', error: 'invalid_state' })
    }
    callback.searchParams.delete('state')
    expect(await zoomErrorOf(app.users.completeInstall(callback))).toMatchObject({
      error: 'invalid_state',
    })
    expect(zoom.stats.tokenRequests).toBe(0)
    callback.searchParams.set('state', state)
    expect((await app.users.completeInstall(callback)).key).toBe('emulator-user')
  })

  it('refuses a state of another app sharing the secret (another client id or redirect URI)', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    const elsewhere = app.another({ redirectUri: `${REDIRECT_URI}/other` })
    const { url } = await elsewhere.beginInstall()
    const callback = new URL(await app.authorize(url))
    const error = await zoomErrorOf(app.users.completeInstall(callback))
    expect(error).toMatchObject({ code: 'invalid_request', error: 'invalid_state' })
    expect(zoom.stats.tokenRequests).toBe(0)
  })

  it('expires after stateTtlMs: state_expired', async () => {
    const zoom = emulator()
    let nowMs = Date.now()
    const app = installHarness(zoom, { stateTtlMs: 60_000, now: () => nowMs })
    const { url } = await app.users.beginInstall()
    const callback = await app.authorize(url)
    nowMs += 60_000
    const error = await zoomErrorOf(app.users.completeInstall(callback))
    expect(error).toMatchObject({ code: 'invalid_request', error: 'state_expired' })
    expect(zoom.stats.tokenRequests).toBe(0)
  })

  it('is bound: another binding, or none, is invalid_state', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    const bound = await app.authorize((await app.users.beginInstall({ binding: 'a' })).url)
    const unbound = await app.authorize((await app.users.beginInstall()).url)
    for (const [callback, binding] of [
      [bound, 'b'],
      [bound, undefined],
      [unbound, 'a'],
    ] as const) {
      const options = binding === undefined ? {} : { binding }
      const error = await zoomErrorOf(app.users.completeInstall(callback, options))
      expect(error).toMatchObject({ code: 'invalid_request', error: 'invalid_state' })
    }
    expect(zoom.stats.tokenRequests).toBe(0)
    expect((await app.users.completeInstall(bound, { binding: 'a' })).key).toBe('emulator-user')
  })

  it('with an installStateStore: the URL carries an id, and a state is taken once', async () => {
    const zoom = emulator()
    const kept = new Map<string, { value: string; ttlMs: number }>()
    const app = installHarness(zoom, {
      installStateStore: {
        put: async (id, value, ttlMs) => void kept.set(id, { value, ttlMs }),
        take: async (id) => {
          const entry = kept.get(id)
          kept.delete(id)
          return entry?.value
        },
      },
    })
    const { url, state } = await app.users.beginInstall()
    expect(state).toMatch(/^[\w-]{43}$/)
    expect(kept.get(state)?.ttlMs).toBe(600_000)
    const callback = await app.authorize(url)
    expect((await app.users.completeInstall(callback)).key).toBe('emulator-user')
    expect(kept.size).toBe(0)
    const again = await zoomErrorOf(app.users.completeInstall(callback))
    expect(again).toMatchObject({ code: 'invalid_request', error: 'invalid_state' })
    expect(zoom.stats.tokenRequests).toBe(1)
  })
})

describe('the code exchange', () => {
  it('proves PKCE: the code of one install with the state (verifier) of another is refused', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    const first = await app.users.beginInstall()
    const second = await app.users.beginInstall()
    const callback = new URL(await app.authorize(first.url))
    callback.searchParams.set('state', second.state)
    const error = await zoomErrorOf(app.users.completeInstall(callback))
    expect(error).toMatchObject({
      code: 'invalid_request',
      error: 'invalid_grant',
      reason: 'Invalid code_verifier',
    })
    expect(await app.store.get('emulator-user')).toBeUndefined()
    app.expectNoLeaks(error)
  })

  it('proves PKCE: a verifier altered on the way is refused', async () => {
    const zoom = emulator()
    const app = installHarness(zoom, {}, (form) => {
      const verifier = form.get('code_verifier')
      if (verifier !== null)
        form.set('code_verifier', verifier.slice(0, -1) + (verifier.endsWith('A') ? 'B' : 'A'))
    })
    const { url } = await app.users.beginInstall()
    const error = await zoomErrorOf(app.users.completeInstall(await app.authorize(url)))
    expect(error).toMatchObject({ error: 'invalid_grant', reason: 'Invalid code_verifier' })
    expect(await app.store.get('emulator-user')).toBeUndefined()
  })

  it('refuses a replayed code (single-use) and leaves the first install’s grant as it was', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    const callback = await app.authorize((await app.users.beginInstall()).url)
    await app.users.completeInstall(callback)
    const first = await app.store.get('emulator-user')
    const error = await zoomErrorOf(app.users.completeInstall(callback))
    expect(error).toMatchObject({ code: 'invalid_request', error: 'invalid_grant', status: 400 })
    expect(await app.store.get('emulator-user')).toEqual(first)
    app.expectNoLeaks(error)
  })

  it('refuses an expired code', async () => {
    const { startZoomEmulator } = await import('../index.js')
    const shortLived = await startZoomEmulator({ authorizationCodeTtlSeconds: 0 })
    try {
      const app = installHarness(shortLived)
      const callback = await app.authorize((await app.users.beginInstall()).url)
      const error = await zoomErrorOf(app.users.completeInstall(callback))
      expect(error).toMatchObject({ code: 'invalid_request', error: 'invalid_grant' })
      expect(await app.store.get('emulator-user')).toBeUndefined()
    } finally {
      await shortLived.close()
    }
  })

  it('refuses a code issued for another redirect URI (Zoom’s “Redirect URI mismatch”)', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    const url = new URL((await app.users.beginInstall()).url)
    url.searchParams.set('redirect_uri', `${REDIRECT_URI}/elsewhere`)
    const callback = (await app.authorize(url.href)).replace('/elsewhere', '')
    const error = await zoomErrorOf(app.users.completeInstall(callback))
    expect(error).toMatchObject({
      code: 'invalid_request',
      error: 'invalid_request',
      reason: 'Redirect URI mismatch',
    })
    expect(await app.store.get('emulator-user')).toBeUndefined()
  })

  it('refuses an answer without refresh_token (invalid_response), storing nothing', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    const callback = await app.authorize((await app.users.beginInstall()).url)
    const accessToken = 'eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiZW11bGF0b3IifQ.no-refresh-token-signature'
    app.secrets.addTokens([accessToken])
    zoom.failNextTokenRequests({
      status: 200,
      body: { access_token: accessToken, token_type: 'bearer', expires_in: 3599, scope: '' },
    })
    const error = await zoomErrorOf(app.users.completeInstall(callback))
    expect(error).toMatchObject({ code: 'invalid_response' })
    expect(error.message).toContain('refresh_token')
    expect(await app.store.get('emulator-user')).toBeUndefined()
    expect(zoom.stats.apiRequests).toBe(0)
    app.expectNoLeaks(error)
  })

  it('reports Zoom’s failures by code, and stores nothing', async () => {
    const zoom = emulator()
    const app = installHarness(zoom, { timeoutMs: 200 })
    const faults = [
      [{ status: 500 }, 'server_error'],
      [{ status: 429, headers: { 'retry-after': '1' } }, 'rate_limited'],
      [{ reset: true }, 'network_error'],
      [{ delayMs: 2_000 }, 'timeout'],
      [{ reset: true, afterProcessing: true }, 'network_error'],
    ] as const
    for (const [fault, code] of faults) {
      const callback = await app.authorize((await app.users.beginInstall()).url)
      zoom.failNextTokenRequests(fault)
      const error = await zoomErrorOf(app.users.completeInstall(callback))
      expect(error.code).toBe(code)
      app.expectNoLeaks(error)
    }
    const wrongSecret = app.another({ clientSecret: 'not-the-secret' })
    app.secrets.addCredentials({
      clientId: zoom.credentials.clientId,
      clientSecret: 'not-the-secret',
    })
    const callback = await app.authorize((await wrongSecret.beginInstall()).url)
    const error = await zoomErrorOf(wrongSecret.completeInstall(callback))
    expect(error.code).toBe('invalid_client')
    expect(await app.store.get('emulator-user')).toBeUndefined()
    app.expectNoLeaks(error)
  })
})

describe('identifying the user', () => {
  it('keys the grant by the app’s own key without asking GET /v2/users/me', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    const callback = await app.authorize((await app.users.beginInstall()).url)
    expect(await app.users.completeInstall(callback, { key: 'tenant-7:alice' })).toEqual({
      key: 'tenant-7:alice',
    })
    expect(zoom.stats.apiRequests).toBe(0)
    const grant = await app.store.get('tenant-7:alice')
    expect(grant?.clientId).toBe(zoom.credentials.clientId)
    expect(grant).not.toHaveProperty('userId')
    expect((await app.users.forUser('tenant-7:alice').getToken()).accessToken).toBe(
      grant?.accessToken,
    )
  })

  it('keys each user by Zoom’s user id', async () => {
    const zoom = emulator()
    zoom.addUser({ id: 'alice', accountId: 'acct-a' })
    zoom.addUser({ id: 'bob', accountId: 'acct-b' })
    const app = installHarness(zoom)
    for (const id of ['alice', 'bob']) {
      zoom.approveAs(id)
      const callback = await app.authorize((await app.users.beginInstall()).url)
      expect(await app.users.completeInstall(callback)).toEqual({
        key: id,
        userId: id,
        accountId: id === 'alice' ? 'acct-a' : 'acct-b',
      })
    }
    const alice = await app.users.forUser('alice').getToken()
    const bob = await app.users.forUser('bob').getToken()
    const me = await callApi(zoom, '/v2/users/me', bob.accessToken)
    expect(((await me.json()) as { id: string }).id).toBe('bob')
    expect(alice.accessToken).not.toBe(bob.accessToken)
  })

  it('stores nothing when /v2/users/me refuses the token, and revokes the new grant', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    const callback = await app.authorize((await app.users.beginInstall()).url)
    zoom.failNextApiRequests({
      status: 400,
      body: { code: 4711, message: 'Invalid access token, does not contain scopes:[user:read].' },
    })
    const error = await zoomErrorOf(app.users.completeInstall(callback))
    expect(error).toMatchObject({ code: 'invalid_request', error: 'identify_failed', status: 400 })
    expect(error.reason).toContain('4711')
    expect(await app.store.get('emulator-user')).toBeUndefined()
    expect(zoom.stats.revocations).toBe(1)
    app.expectNoLeaks(error)
  })

  it('reports a 5xx of /v2/users/me as server_error and a 200 without id as invalid_response', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    for (const [fault, code] of [
      [{ status: 503 }, 'server_error'],
      [{ status: 200, body: { email: 'x@example.com' } }, 'invalid_response'],
    ] as const) {
      const callback = await app.authorize((await app.users.beginInstall()).url)
      zoom.failNextApiRequests(fault)
      expect((await zoomErrorOf(app.users.completeInstall(callback))).code).toBe(code)
    }
    expect(await app.store.get('emulator-user')).toBeUndefined()
  })
})

describe('after the install', () => {
  it('serves a user who had no grant before (their reauthorization_required is not kept)', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    const provider = app.users.forUser('emulator-user')
    expect((await zoomErrorOf(provider.getToken())).code).toBe('reauthorization_required')
    const callback = await app.authorize((await app.users.beginInstall()).url)
    await app.users.completeInstall(callback)
    expect((await provider.getToken()).accessToken).toBe(
      (await app.store.get('emulator-user'))?.accessToken,
    )
  })

  it('refreshes with the installed refresh token when the access token expires', async () => {
    const zoom = emulator()
    let nowMs = Date.now()
    const app = installHarness(zoom, { now: () => nowMs })
    await app.users.completeInstall(await app.authorize((await app.users.beginInstall()).url))
    const first = await app.users.forUser('emulator-user').getToken()
    nowMs += 3600_000
    const second = await app.users.forUser('emulator-user').getToken()
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(zoom.stats.refreshGrants).toBe(1)
    expect(zoom.stats.refreshTokensPresentedTwice).toBe(0)
  })

  it('replaces the grant of a user who installs again', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    await app.users.completeInstall(await app.authorize((await app.users.beginInstall()).url))
    const first = await app.users.forUser('emulator-user').getToken()
    await app.users.completeInstall(await app.authorize((await app.users.beginInstall()).url))
    const second = await app.users.forUser('emulator-user').getToken()
    expect(second.accessToken).not.toBe(first.accessToken)
  })
})

describe('revoke', () => {
  async function installed(app: ReturnType<typeof installHarness>): Promise<string> {
    const callback = await app.authorize((await app.users.beginInstall()).url)
    return (await app.users.completeInstall(callback)).key
  }

  it('revokes the grant at Zoom and forgets the user: their next call is reauthorization_required', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    const key = await installed(app)
    const { refreshToken } = (await app.store.get(key))!
    const provider = app.users.forUser(key)
    await provider.getToken()
    await app.users.revoke(key)
    expect(zoom.stats.revocations).toBe(1)
    expect(await app.store.get(key)).toBeUndefined()
    const error = await zoomErrorOf(provider.getToken())
    expect(error).toMatchObject({ code: 'reauthorization_required', userKey: key })
    // Zoom's side: the refresh token is dead.
    const refresh = await fetch(`${zoom.url}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${zoom.credentials.clientId}:${zoom.credentials.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    })
    expect(refresh.status).toBe(400)
    app.expectNoLeaks(error)
  })

  it('resolves for a user with no grant, asking Zoom nothing', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    await expect(app.users.revoke('nobody')).resolves.toBeUndefined()
    expect(zoom.stats.revokeRequests).toBe(0)
  })

  it('forgets a user whose grant Zoom already revoked', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    const key = await installed(app)
    zoom.revokeUserTokens('emulator-user')
    await app.users.revoke(key)
    expect(zoom.stats.revokeRequests).toBe(1)
    expect(await app.store.get(key)).toBeUndefined()
  })

  it('keeps the grant when the revoke fails, so that it can be tried again', async () => {
    const zoom = emulator()
    const app = installHarness(zoom)
    const key = await installed(app)
    zoom.failNextRevokeRequests({ status: 503 })
    const error = await zoomErrorOf(app.users.revoke(key))
    expect(error.code).toBe('server_error')
    expect(await app.store.get(key)).toBeDefined()
    await app.users.revoke(key)
    expect(await app.store.get(key)).toBeUndefined()
    expect(zoom.stats.revocations).toBe(1)
    app.expectNoLeaks(error)
  })

  it('sends no token of a dead, foreign or garbage grant, and forgets it', async () => {
    const zoom = emulator()
    const inner = memoryUserTokenStore()
    let garbage = true
    // A broken store: answers a string for one key until it is deleted.
    const store: UserTokenStore = {
      ...inner,
      get: async (key) =>
        key === 'garbage' && garbage ? ('not a grant' as never) : inner.get(key),
      delete: async (key) => {
        if (key === 'garbage') garbage = false
        await inner.delete(key)
      },
    }
    const app = installHarness(zoom, { store })
    const key = await installed(app)
    const grant = (await app.store.get(key))!
    await app.store.put('dead', { ...grant, dead: { at: Date.now(), reason: 'invalid_grant' } })
    await app.store.put('foreign', { ...grant, clientId: 'another-app' })
    for (const name of ['dead', 'foreign', 'garbage']) await app.users.revoke(name)
    expect(zoom.stats.revokeRequests).toBe(0)
    for (const name of ['dead', 'foreign', 'garbage'])
      expect(await app.store.get(name)).toBeUndefined()
  })

  it('rejects a key that is not a non-empty string with a TypeError', async () => {
    const app = installHarness(emulator())
    expect(await rejectionOf(app.users.revoke('' as string))).toBeInstanceOf(TypeError)
  })
})
