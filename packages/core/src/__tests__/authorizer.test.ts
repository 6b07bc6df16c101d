import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { createAuthorizer, resolveTokenProvider, type Authorizer } from '../call/authorizer.js'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { AuthorizedCall } from '../call/authorized-call.js'
import { bodyReplay, cannotResend, resendAsIs } from '../call/body-replay.js'
import { EVENTS_CHANNEL_NAME } from '../events.js'
import { createTokenProvider } from '../token-provider.js'
import type { TokenProvider, ZoomAuthEvent } from '../types.js'
import { memoryUserTokenStore } from '../user/memory-user-token-store.js'
import { zoomUsers } from '../user/zoom-users.js'
import { rotatingEndpoint } from './support/rotating-endpoint.js'
import { grant, scriptedStrategy } from './support/scripted-strategy.js'

function setup(options: Parameters<typeof createAuthorizer>[1] = {}, apiUrl?: string) {
  const scripted = scriptedStrategy()
  scripted.then(grant('token-1', 3600, apiUrl), grant('token-2', 3600, apiUrl))
  const provider = createTokenProvider(scripted.strategy)
  const authorizer = createAuthorizer(provider, options)
  return { authorizer, policy: tokens(authorizer), provider, strategy: scripted.strategy }
}

/** The access token a call to `url` starts with, or `undefined` when the URL gets none. */
function tokens(authorizer: Authorizer) {
  return {
    tokenFor: (url: string | URL, signal?: AbortSignal) =>
      authorizer.authorize(url, signal).then((call) => call?.authorization.replace(/^Bearer /, '')),
  }
}

/** A call started on `url`, for the decisions it makes. */
async function callTo(authorizer: Authorizer, url = 'https://api.zoom.us/v2/users/me') {
  const call = await authorizer.authorize(url)
  if (call === undefined) throw new Error(`no call for ${url}`)
  return call
}

describe('which URLs get the token', () => {
  it.each([
    'https://api.zoom.us/v2/users/me',
    'https://fileapi.zoom.us/v2/files',
    'https://api.zoomgov.com/v2/users',
    'https://fileapi.zoomgov.com/x',
    'https://API.ZOOM.US/v2',
  ])('sends it to the default Zoom host %s', async (url) => {
    await expect(setup().policy.tokenFor(url)).resolves.toBe('token-1')
  })

  // A host under a Zoom domain costs one token fetch (to learn its api_url); others cost nothing.
  it.each([
    ['https://api.zoom.us.evil.example/v2', 0],
    ['https://evilapi.zoom.us/v2', 1],
    ['https://example.com/v2', 0],
    ['https://api.zoom.us:8443/v2', 1],
    ['wss://api.zoom.us/v2', 0],
  ])('never sends it to %s', async (url, fetches) => {
    const { policy, strategy } = setup()
    await expect(policy.tokenFor(url)).resolves.toBeUndefined()
    expect(strategy.calls).toBe(fetches)
  })

  it('also trusts the token endpoint’s host by default', async () => {
    await expect(setup().policy.tokenFor('https://auth.example.test/anything')).resolves.toBe(
      'token-1',
    )
  })

  it('trusts the token’s api_url host by default, fetching a token to learn it for a Zoom host', async () => {
    const { policy } = setup({}, 'https://api-eu.zoom.us')
    await expect(policy.tokenFor('https://api-eu.zoom.us/v2/users/me')).resolves.toBe('token-1')
    await expect(policy.tokenFor('https://api-au.zoom.us/v2/users/me')).resolves.toBeUndefined()
  })

  it('uses exactly the listed hosts when `hosts` is given: strings match host[:port], RegExps are tested', async () => {
    const { policy } = setup({ hosts: ['127.0.0.1:8080', /^[a-z]+\.internal\.example$/g] })
    await expect(policy.tokenFor('http://127.0.0.1:8080/v2')).resolves.toBe('token-1')
    await expect(policy.tokenFor('http://127.0.0.1:8081/v2')).resolves.toBeUndefined()
    await expect(policy.tokenFor('https://api.zoom.us/v2')).resolves.toBeUndefined()
    // A /g RegExp must give the same answer twice.
    await expect(policy.tokenFor('https://svc.internal.example/x')).resolves.toBe('token-1')
    await expect(policy.tokenFor('https://svc.internal.example/x')).resolves.toBe('token-1')
  })

  it('rejects plain http to an allowed non-loopback host with insecure_url, before fetching a token', async () => {
    const { policy, strategy } = setup({ hosts: ['api.zoom.us', 'localhost:3000'] })
    await expect(policy.tokenFor('http://api.zoom.us/v2')).rejects.toMatchObject({
      code: 'insecure_url',
    })
    expect(strategy.calls).toBe(0)
    await expect(policy.tokenFor('http://localhost:3000/v2')).resolves.toBe('token-1')
  })

  // A policy that found an origin allowed answers later strings starting with `origin/` unparsed:
  // whatever the string, that must be exactly the answer of a policy that parses everything.
  it('answers a URL (text or object) of an origin it allowed before exactly as it does the first time', async () => {
    const hosts = ['api.zoom.us', '127.0.0.1:8080', 'plain.example']
    const warmUps = ['https://api.zoom.us/v2', 'http://127.0.0.1:8080/', 'http://plain.example/']
    const url = fc
      .tuple(
        fc.constantFrom(
          'https://',
          'http://',
          'HTTPS://',
          'https:/',
          'https:\\\\',
          ' https://',
          'wss://',
        ),
        fc.constantFrom('', 'user@', 'api.zoom.us@', 'api.zoom.us:x@'),
        fc.constantFrom(
          'api.zoom.us',
          'API.zoom.us',
          'api.zoom.us.',
          'api.zoom.us.evil.example',
          '127.0.0.1',
          '127.1',
          'plain.example',
          'evil.example',
        ),
        fc.constantFrom('', ':443', ':8080', ':08080', ':80', ':8443', ':'),
        fc.constantFrom('/', '\\', '?', '#', '@evil.example/', '\t/', ''),
        fc.string(),
      )
      .map((parts) => parts.join(''))
    const answer = (pending: Promise<string | undefined>) =>
      pending.then(
        (token) => (token === undefined ? 'none' : 'token'),
        (error: { code?: string }) => error.code,
      )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...warmUps), url, async (warmUp, candidate) => {
        const warm = setup({ hosts }).policy
        await warm.tokenFor(warmUp).catch(() => {})
        const cold = setup({ hosts }).policy
        expect(await answer(warm.tokenFor(candidate))).toBe(await answer(cold.tokenFor(candidate)))
        // got hands over URL objects, read by their href.
        const parsed = URL.canParse(candidate) ? new URL(candidate) : undefined
        if (parsed)
          expect(await answer(warm.tokenFor(parsed))).toBe(await answer(cold.tokenFor(parsed)))
      }),
      { numRuns: 2_000 },
    )
  })

  it('never keeps an origin whose answer was insecure_url', async () => {
    const { policy } = setup({ hosts: ['api.zoom.us'] })
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(policy.tokenFor('http://api.zoom.us/v2')).rejects.toMatchObject({
        code: 'insecure_url',
      })
    }
  })

  it('lets a URL that does not parse pass through untouched', async () => {
    await expect(setup().policy.tokenFor('not a url')).resolves.toBeUndefined()
  })

  it('lets plain http to a host that is not allowed pass through untouched', async () => {
    await expect(setup().policy.tokenFor('http://example.com/')).resolves.toBeUndefined()
  })

  it('throws TypeError for malformed hosts and options', () => {
    const { provider } = setup()
    expect(() => createAuthorizer(provider, { hosts: ['https://api.zoom.us'] })).toThrow(TypeError)
    expect(() => createAuthorizer(provider, { hosts: 'api.zoom.us' as never })).toThrow(TypeError)
    expect(() => createAuthorizer(provider, { retryOnUnauthorized: 'yes' as never })).toThrow(
      TypeError,
    )
    expect(() => createAuthorizer(null as never)).toThrow(TypeError)
  })
})

describe('the decision on a response, made by the call', () => {
  it('replays a 401 only; 403 and 400 (Zoom 4711 missing scopes) never refresh', async () => {
    const { authorizer } = setup()
    const call = await callTo(authorizer)
    expect(call.earnsReplay(401)).toBe(true)
    expect(call.earnsReplay(403)).toBe(false)
    expect(call.earnsReplay(400)).toBe(false)
  })

  it('does not replay a 401 that came from another origin after a redirect', async () => {
    const { authorizer } = setup()
    const url = 'https://api.zoom.us/v2/users/me'
    const call = await callTo(authorizer, url)
    expect(call.earnsReplay(401, 'https://api.zoom.us/v2/users/me?page=2')).toBe(true)
    expect(call.earnsReplay(401, new URL('https://elsewhere.example/login'))).toBe(false)
    expect(call.earnsReplay(401, '')).toBe(true) // no final URL known
  })

  it('reads a final URL given as a function only for a 401', async () => {
    const { authorizer } = setup()
    const call = await callTo(authorizer, 'https://api.zoom.us/v2')
    const finalUrl = vi.fn(() => 'https://elsewhere.example/login')
    expect(call.earnsReplay(200, finalUrl)).toBe(false)
    expect(finalUrl).not.toHaveBeenCalled()
    expect(call.earnsReplay(401, finalUrl)).toBe(false)
    expect(finalUrl).toHaveBeenCalledOnce()
  })

  it('does not replay when retryOnUnauthorized is false', async () => {
    const call = await callTo(setup({ retryOnUnauthorized: false }).authorizer)
    expect(call.earnsReplay(401)).toBe(false)
  })

  it('keeps the token on a redirect within its origin only, and replays no 401 after one that left it', async () => {
    const call = await callTo(setup().authorizer, 'https://api.zoom.us/v2/users/me')
    expect(call.mayFollow('https://api.zoom.us/v2/users/other')).toBe(true)
    expect(call.earnsReplay(401)).toBe(true)
    expect(call.mayFollow(new URL('http://api.zoom.us/v2/users/other'))).toBe(false)
    expect(call.mayFollow('https://api.zoom.us:8443/v2')).toBe(false)
    expect(call.earnsReplay(401)).toBe(false)
  })

  it('replays once per call: the replay’s own 401 is the caller’s', async () => {
    const call = await callTo(setup().authorizer)
    expect(call.earnsReplay(401)).toBe(true)
    await call.replay()
    expect(call.replayed).toBe(true)
    expect(call.earnsReplay(401)).toBe(false)
  })

  it('retires the used token, reports the replay, and carries the new token', async () => {
    const { authorizer, provider, strategy } = setup()
    const events: ZoomAuthEvent[] = []
    provider.subscribe((event) => events.push(event))
    const first = await callTo(authorizer)
    const second = await callTo(authorizer)
    expect(first.authorization).toBe('Bearer token-1')
    await expect(first.replay()).resolves.toEqual({
      authorization: 'Bearer token-2',
      body: undefined,
    })
    expect(first.authorization).toBe('Bearer token-2')
    expect(first.sentWith('Bearer token-2')).toBe(true)
    expect(first.sentWith('Bearer token-1')).toBe(false)
    // A second, late 401 for the same old token refreshes nothing more.
    await expect(second.replay()).resolves.toMatchObject({ authorization: 'Bearer token-2' })
    expect(strategy.calls).toBe(2)
    expect(events.filter((event) => event.type === 'request_replayed')).toEqual([
      { type: 'request_replayed', strategy: 'test:scripted', host: 'api.zoom.us', status: 401 },
      { type: 'request_replayed', strategy: 'test:scripted', host: 'api.zoom.us', status: 401 },
    ])
  })

  it('reports the replay on the diagnostics channel for a provider of the app’s own without report()', async () => {
    const { provider } = setup()
    const own: TokenProvider = {
      strategy: provider.strategy,
      getToken: (options) => provider.getToken(options),
      peek: () => provider.peek(),
      invalidate: (token) => provider.invalidate(token),
      subscribe: (listener) => provider.subscribe(listener),
      close: () => provider.close(),
    }
    const seen: unknown[] = []
    const listener = (event: unknown) => seen.push(event)
    subscribe(EVENTS_CHANNEL_NAME, listener)
    try {
      const call = await callTo(createAuthorizer(own, { hosts: ['api.zoom.us'] }))
      await call.replay()
    } finally {
      unsubscribe(EVENTS_CHANNEL_NAME, listener)
    }
    expect(seen).toContainEqual(expect.objectContaining({ type: 'request_replayed' }))
  })

  it('resends the body the replay plan gives, and retires the token without a replay when there is none', async () => {
    const { authorizer, strategy } = setup()
    const call = await callTo(authorizer)
    await expect(call.replay(undefined, resendAsIs('{"a":1}'))).resolves.toMatchObject({
      body: '{"a":1}',
    })
    const { authorizer: other, strategy: otherStrategy } = setup()
    const lost = await callTo(other)
    await expect(lost.replay(undefined, cannotResend('stream'))).resolves.toBeUndefined()
    // Retired: the next call gets a new token; no replay was reported or made.
    expect((await callTo(other)).authorization).toBe('Bearer token-2')
    expect(otherStrategy.calls).toBe(2)
    expect(strategy.calls).toBe(2)
  })

  it('rejects with the signal’s reason when the caller aborts while the body copy is still coming in', async () => {
    const call = await callTo(setup().authorizer)
    const controller = new AbortController()
    const reason = new Error('caller gave up')
    const endless = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) })
    const plan = bodyReplay(endless, { maxBytes: 1024 })
    const pending = call.replay(controller.signal, plan)
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
  })
})

describe('aborts', () => {
  it('reject a caller waiting for a token with its signal’s reason, as the HTTP clients do', async () => {
    const { policy } = setup()
    const controller = new AbortController()
    const reason = new Error('caller gave up')
    const waiting = policy.tokenFor('https://api.zoom.us/v2/users/me', controller.signal)
    controller.abort(reason)
    await expect(waiting).rejects.toBe(reason)
  })
})

describe('failures', () => {
  it('come back as rejections, never as throws, even from a provider of the app’s own that throws', async () => {
    const { provider } = setup()
    const throwing = {
      ...provider,
      getToken: () => {
        throw new Error('provider broke')
      },
    }
    const pending = tokens(createAuthorizer(throwing, { hosts: ['api.zoom.us'] })).tokenFor(
      'https://api.zoom.us/v2/users/me',
    )
    await expect(pending).rejects.toThrow('provider broke')
    const call = await callTo(setup().authorizer)
    const broken = new AuthorizedCall(throwing, true, call.url, 'token-0')
    await expect(broken.replay()).rejects.toThrow('provider broke')
  })
})

describe('resolveTokenProvider', () => {
  it('fetches tokens through the adapter’s transport when the credentials bring no fetch of their own', async () => {
    const calls: string[] = []
    const transport = (async (url: string | URL | Request) => {
      calls.push(String(url))
      return Response.json({
        access_token: 'via-transport',
        token_type: 'bearer',
        expires_in: 3600,
      })
    }) as typeof fetch
    const credentials = { accountId: 'a', clientId: 'b', clientSecret: 'c' }
    await expect(resolveTokenProvider(credentials, transport).getToken()).resolves.toMatchObject({
      accessToken: 'via-transport',
    })
    expect(calls).toEqual(['https://zoom.us/oauth/token'])
    const own = vi.fn(async () =>
      Response.json({ access_token: 'own', token_type: 'bearer', expires_in: 3600 }),
    )
    await resolveTokenProvider({ ...credentials, fetch: own }, transport).getToken()
    expect(own).toHaveBeenCalledTimes(1)
    expect(calls).toHaveLength(1)
  })

  it('uses a given provider as is, and builds a Zoom provider from credentials', () => {
    const { provider } = setup()
    expect(resolveTokenProvider(provider)).toBe(provider)
    const built = resolveTokenProvider({ accountId: 'a', clientId: 'b', clientSecret: 'c' })
    expect(built.strategy.tokenUrl).toBe('https://zoom.us/oauth/token')
  })
})

describe('the users of a user-level app, one per request', () => {
  async function usersSetup() {
    const endpoint = rotatingEndpoint()
    const store = memoryUserTokenStore()
    const users = zoomUsers({ clientId: 'c', clientSecret: 's', store, fetch: endpoint.fetch })
    for (const key of ['ann', 'bob']) {
      const { access, refresh } = endpoint.install()
      await store.put(key, {
        accessToken: access,
        refreshToken: refresh,
        issuedAt: Date.now(),
        expiresAt: Date.now() + 3600_000,
        scopes: [],
        clientId: 'c',
      })
    }
    return { users, endpoint, authorizer: createAuthorizer(users) }
  }

  it('carries the token of the user each request names', async () => {
    const { authorizer, users } = await usersSetup()
    const url = 'https://api.zoom.us/v2/users/me'
    expect((await authorizer.authorize(url, undefined, 'ann'))?.authorization).toBe(
      'Bearer access-1',
    )
    expect((await authorizer.authorize(url, undefined, 'bob'))?.authorization).toBe(
      'Bearer access-2',
    )
    users.close()
  })

  it('rejects a request that names no user with TypeError, and one whose user has no grant with reauthorization_required', async () => {
    const { authorizer, endpoint, users } = await usersSetup()
    const url = 'https://api.zoom.us/v2/users/me'
    await expect(authorizer.authorize(url)).rejects.toThrow(TypeError)
    await expect(authorizer.authorize(url, undefined, 'carol')).rejects.toMatchObject({
      code: 'reauthorization_required',
      userKey: 'carol',
    })
    expect(endpoint.stats.refreshes).toBe(0)
    users.close()
  })

  it("names the adapter's own option in the TypeError of a request without a user", async () => {
    const { endpoint, users } = await usersSetup()
    const authorizer = createAuthorizer(users, {}, undefined, 'config.zoomUser')
    const url = 'https://api.zoom.us/v2/users/me'
    for (const user of [undefined, '', 42 as unknown as string])
      await expect(authorizer.authorize(url, undefined, user)).rejects.toThrow(
        expect.objectContaining({
          name: 'TypeError',
          message: expect.stringContaining('config.zoomUser'),
        }),
      )
    expect(() => authorizer.providerFor()).toThrow(/config\.zoomUser/)
    expect(endpoint.stats.refreshes).toBe(0)
    users.close()
  })

  it('rejects a request that names a user when the authorizer was given one provider, whatever the URL', async () => {
    const { authorizer: plain, provider, strategy } = setup()
    const authorizer = createAuthorizer(provider, {}, undefined, 'config.zoomUser')
    // Twice: the first parses the URL, the second takes the path of an origin allowed before.
    for (const url of ['https://api.zoom.us/v2/users/me', 'https://api.zoom.us/v2/users/me'])
      await expect(authorizer.authorize(url, undefined, 'ann')).rejects.toThrow(
        expect.objectContaining({
          name: 'TypeError',
          message: expect.stringContaining('config.zoomUser'),
        }),
      )
    // A URL no Zoom host lists still asks which user (the api_url check needs a token).
    await expect(authorizer.authorize('https://x.zoom.us/v2', undefined, 'ann')).rejects.toThrow(
      TypeError,
    )
    expect(() => authorizer.providerFor('ann')).toThrow(TypeError)
    expect(strategy.calls).toBe(0)
    // Naming no user stays as it was.
    await expect(tokens(plain).tokenFor('https://api.zoom.us/v2/users/me')).resolves.toBe('token-1')
  })

  it('replays a 401 with a new token of the same user only', async () => {
    const { authorizer, endpoint, users } = await usersSetup()
    const call = await authorizer.authorize('https://api.zoom.us/v2/users/me', undefined, 'ann')
    await expect(call!.replay()).resolves.toMatchObject({ authorization: 'Bearer access-3' })
    const bob = await authorizer.authorize('https://api.zoom.us/v2/users/me', undefined, 'bob')
    expect(bob?.authorization).toBe('Bearer access-2')
    expect(endpoint.stats).toMatchObject({ refreshes: 1, presentedTwice: 0 })
    users.close()
  })
})
