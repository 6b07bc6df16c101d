import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE } from '../assert.js'
import { isZoomAuthError } from '../errors.js'
import { installStateSealer } from '../user/install-state.js'
import { parseStateSecret } from '../user/state-secret.js'
import { zoomUsers, type ZoomUsers, type ZoomUsersOptions } from '../user/zoom-users.js'

const SECRET = randomBytes(32)
const BASE = {
  clientId: 'app-client',
  clientSecret: 'app-secret-x9',
  redirectUri: 'https://app.example.com/zoom/callback',
  stateSecret: SECRET,
  // Nothing here may reach a network: every spec fails before sending.
  fetch: () => Promise.reject(new Error('no request expected')),
}

const opened: ZoomUsers[] = []
afterEach(() => {
  for (const users of opened.splice(0)) users.close()
})

function usersWith(options: Record<string, unknown> = {}): ZoomUsers {
  const users = zoomUsers({ ...BASE, ...options } as ZoomUsersOptions)
  opened.push(users)
  return users
}

async function failureOf(pending: Promise<unknown>): Promise<unknown> {
  return pending.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error,
  )
}

describe('zoomUsers install options', () => {
  it.each([
    [{ redirectUri: 'http://app.example.com/callback' }, ERR_INVALID_ARG_VALUE],
    [{ redirectUri: 'not a url' }, ERR_INVALID_ARG_VALUE],
    [{ redirectUri: 42 }, ERR_INVALID_ARG_TYPE],
    [{ stateSecret: randomBytes(16) }, ERR_INVALID_ARG_VALUE],
    [{ stateSecret: 'too-short' }, ERR_INVALID_ARG_VALUE],
    [{ stateSecret: 32 }, ERR_INVALID_ARG_TYPE],
    [{ stateTtlMs: 0 }, ERR_INVALID_ARG_VALUE],
    [{ stateTtlMs: '600000' }, ERR_INVALID_ARG_TYPE],
    [{ scope: 7 }, ERR_INVALID_ARG_TYPE],
    [{ scope: ['a', 7] }, ERR_INVALID_ARG_TYPE],
    [{ installStateStore: { put: async () => {} } }, ERR_INVALID_ARG_TYPE],
  ])('throws a TypeError at construction for %o', (options, code) => {
    expect(() => usersWith(options)).toThrow(expect.objectContaining({ name: 'TypeError', code }))
  })

  it('accepts http on loopback for redirectUri, and leaves it out until an install method is called', async () => {
    expect(() => usersWith({ redirectUri: 'http://127.0.0.1:3000/callback' })).not.toThrow()
    const users = usersWith({ redirectUri: undefined })
    const begin = await failureOf(users.beginInstall())
    expect(begin).toBeInstanceOf(TypeError)
    expect(String(begin)).toContain('redirectUri')
    expect(await failureOf(users.completeInstall('?code=c&state=s'))).toBeInstanceOf(TypeError)
  })

  it('rejects a callback, a binding or a key of the wrong kind with a TypeError', async () => {
    const users = usersWith()
    for (const pending of [
      users.completeInstall(42 as never),
      users.completeInstall({ code: 'c' } as never),
      users.completeInstall('?state=s', { binding: '' }),
      users.completeInstall('?state=s', { key: 7 as never }),
      users.beginInstall({ binding: 7 as never }),
      users.beginInstall(null as never),
    ])
      expect(await failureOf(pending)).toBeInstanceOf(TypeError)
  })
})

describe('beginInstall', () => {
  it('builds the authorize URL on oauthBaseUrl (Zoom for Government)', async () => {
    const users = usersWith({ oauthBaseUrl: 'https://zoomgov.com' })
    const { url, state } = await users.beginInstall()
    const parsed = new URL(url)
    expect(parsed.origin + parsed.pathname).toBe('https://zoomgov.com/oauth/authorize')
    expect(parsed.searchParams.get('state')).toBe(state)
    expect(parsed.searchParams.get('redirect_uri')).toBe(BASE.redirectUri)
    expect(parsed.searchParams.has('scope')).toBe(false)
  })

  it('makes a new state and challenge each time', async () => {
    const users = usersWith()
    const [a, b] = await Promise.all([users.beginInstall(), users.beginInstall()])
    expect(a.state).not.toBe(b.state)
    expect(new URL(a.url).searchParams.get('code_challenge')).not.toBe(
      new URL(b.url).searchParams.get('code_challenge'),
    )
  })
})

describe('completeInstall, before any request', () => {
  it('reads the callback as a URL, a path with its query (req.url), a query string or URLSearchParams', async () => {
    const users = usersWith()
    const query = 'error=access_denied&state=x'
    for (const callback of [
      new URL(`${BASE.redirectUri}?${query}`),
      `${BASE.redirectUri}?${query}`,
      `/zoom/callback?${query}`,
      `?${query}`,
      query,
      new URLSearchParams(query),
    ]) {
      const error = await failureOf(users.completeInstall(callback))
      expect(error).toMatchObject({ code: 'invalid_request', error: 'access_denied' })
    }
  })

  it('keeps an unknown error of the callback as error, reduced to an identifier’s characters', async () => {
    const users = usersWith()
    const error = await failureOf(users.completeInstall('?error=server_error%0A<b>Bearer+x'))
    expect(error).toMatchObject({ code: 'invalid_request', error: 'server_error??b?Bearer?x' })
  })

  it('opens a state sealed with the same 32 bytes given as hex, base64 or bytes', async () => {
    const begun = await usersWith({ stateSecret: SECRET.toString('hex') }).beginInstall()
    const other = usersWith({ stateSecret: SECRET.toString('base64') })
    // The state opens (its verifier is sent): the request is the first thing that fails.
    const error = await failureOf(other.completeInstall(`?code=c&state=${begun.state}`))
    expect(error).toMatchObject({ code: 'network_error' })
    expect(String((error as Error).message)).toContain('no request expected')
  })

  it('says when the callback carries no code', async () => {
    const { state } = await usersWith().beginInstall()
    const error = await failureOf(usersWith().completeInstall(`?state=${state}`))
    expect(error).toMatchObject({ code: 'invalid_request', error: 'invalid_request' })
  })
})

describe('the sealed state', () => {
  const app = { clientId: 'app-client', redirectUri: BASE.redirectUri }
  const verifier = randomBytes(32).toString('base64url')

  it('gives back the verifier, and never carries it or the binding readably', () => {
    const sealer = installStateSealer(SECRET, app)
    const state = sealer.seal({ verifier, expiresAt: 2_000, binding: 'session-1' })
    expect(state).toMatch(/^[\w-]+$/)
    expect(state.length).toBeLessThan(200)
    const bytes = Buffer.from(state, 'base64url')
    expect(bytes.includes(Buffer.from(verifier, 'base64url'))).toBe(false)
    expect(bytes.includes(Buffer.from('session-1'))).toBe(false)
    expect(sealer.open(state, 'session-1', 1_999)).toBe(verifier)
  })

  it('expires at expiresAt', () => {
    const sealer = installStateSealer(SECRET, app)
    const state = sealer.seal({ verifier, expiresAt: 2_000 })
    expect(() => sealer.open(state, undefined, 2_000)).toThrow(
      expect.objectContaining({ code: 'invalid_request', error: 'state_expired' }),
    )
  })

  it('does not open with another secret, client or redirect URI', () => {
    const state = installStateSealer(SECRET, app).seal({ verifier, expiresAt: 2_000 })
    for (const [secret, other] of [
      [randomBytes(32), app],
      [SECRET, { ...app, clientId: 'another-client' }],
      [SECRET, { ...app, redirectUri: `${app.redirectUri}/2` }],
    ] as const) {
      expect(() => installStateSealer(secret, other).open(state, undefined, 1_000)).toThrow(
        expect.objectContaining({ error: 'invalid_state' }),
      )
    }
  })
})

describe('parseStateSecret', () => {
  it('reads 32 bytes as bytes, hex, base64 or base64url; makes a random one when left out', () => {
    const bytes = randomBytes(32)
    for (const form of [
      bytes,
      new Uint8Array(bytes),
      bytes.toString('hex'),
      bytes.toString('base64'),
      bytes.toString('base64url'),
      ` ${bytes.toString('base64')}\n`,
    ])
      expect(parseStateSecret(form).equals(bytes)).toBe(true)
    expect(parseStateSecret(undefined)).toHaveLength(32)
    expect(parseStateSecret(undefined).equals(parseStateSecret(undefined))).toBe(false)
  })

  it('keeps a copy of given bytes', () => {
    const bytes = randomBytes(32)
    const parsed = parseStateSecret(bytes)
    bytes.fill(0)
    expect(parsed.equals(bytes)).toBe(false)
  })
})

describe('secrets', () => {
  it('leaves no secret in the users object, an install error or its renderings', async () => {
    const users = usersWith()
    const { state } = await users.beginInstall({ binding: 'session-1' })
    const errors = await Promise.all([
      failureOf(users.completeInstall(`?code=the-code&state=${state}`, { binding: 'session-2' })),
      failureOf(users.completeInstall(`?code=the-code&state=${state}x`)),
      failureOf(users.completeInstall(`?code=the-code&state=${state}`, { binding: 'session-1' })),
    ])
    const texts = [inspect(users, { depth: 8 }), JSON.stringify(users)]
    for (const error of errors) {
      expect(isZoomAuthError(error)).toBe(true)
      texts.push(String(error), inspect(error, { depth: 8 }), JSON.stringify(error))
    }
    const secrets = [
      BASE.clientSecret,
      SECRET.toString('hex'),
      SECRET.toString('base64'),
      'the-code',
      Buffer.from(`${BASE.clientId}:${BASE.clientSecret}`).toString('base64'),
    ]
    for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret)
  })
})
