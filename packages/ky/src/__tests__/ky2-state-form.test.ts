import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ZoomAuthError, zoomAuth, type ZoomKyExtension } from '../index.js'
import { seen, useZoom } from './support/harness.js'

/**
 * ky 2 calls every hook with one state object. ky 2 needs Node 22, so here the hooks are called the
 * way ky 2 calls them (see ky 2's `Ky.ts`): `init(options)`, then `beforeRequest({ request, options,
 * retryCount })` once, then fetch, then `afterResponse({ request, options, response, retryCount })`.
 * With `retry: 0` ky 2 sends the request itself, so its body is consumed by the time `afterResponse`
 * runs; with retries on it hands `afterResponse` a clone.
 */
type StateHook = (state: Record<string, unknown>) => unknown
const hook = (hooks: ZoomKyExtension['hooks'], name: 'init' | keyof ZoomKyExtension['hooks']) =>
  (hooks as unknown as Record<string, StateHook[]>)[name]![0]!

interface Ky2CallOptions {
  method?: string
  body?: BodyInit
  retryLimit?: number
  fetch?: typeof fetch
  timeout?: number | false
}

/** Runs one call through the hooks as ky 2 would, returning the response ky 2 would end up with. */
async function ky2Call(hooks: ZoomKyExtension['hooks'], url: string, call: Ky2CallOptions = {}) {
  const initOptions: Record<string, unknown> = {
    ...(call.fetch ? { fetch: call.fetch } : {}),
    ...(call.timeout !== undefined ? { timeout: call.timeout } : {}),
  }
  hook(hooks, 'init')(initOptions)
  const limit = call.retryLimit ?? 0
  // ky 2's normalized options: no fetch, no timeout.
  const options = {
    context: initOptions.context,
    method: call.method ?? 'GET',
    body: call.body,
    headers: new Headers(),
    retry: { limit },
    signal: new AbortController().signal,
  }
  const request = new Request(url, {
    method: options.method,
    ...(call.body === undefined ? {} : { body: call.body, duplex: 'half' }),
    signal: options.signal,
  } as RequestInit)
  await hook(hooks, 'beforeRequest')({ request, options, retryCount: 0 })
  const kept = limit > 0 ? request.clone() : request
  const response = await (call.fetch ?? fetch)(request)
  const replacement = (await hook(
    hooks,
    'afterResponse',
  )({
    request: kept,
    options,
    response: response.clone(),
    retryCount: 0,
  })) as Response | undefined
  return { response: replacement ?? response, request: kept, options }
}

function streamOf(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text))
      controller.close()
    },
  })
}

describe('zoomAuth (ky) — ky 2 calling convention (one state object)', () => {
  const local = useZoom()

  async function revokedHooks(options: Parameters<typeof zoomAuth>[1] = {}) {
    const { hooks } = zoomAuth(local.provider(), options)
    await ky2Call(hooks, `${local.zoom.url}/v2/users/me`)
    local.zoom.revokeTokens()
    local.zoom.resetStats()
    return hooks
  }

  it('adds the token when beforeRequest gets a state object', async () => {
    const { hooks } = zoomAuth(local.provider())
    const { response } = await ky2Call(hooks, `${local.zoom.url}/v2/users/me`)
    expect(response.status).toBe(200)
    expect(seen(local.zoom)).toEqual([[200, true]])
  })

  it('replays an in-memory body with retry: 0, though ky 2 consumed the request', async () => {
    const hooks = await revokedHooks()
    const { response, request } = await ky2Call(hooks, `${local.zoom.url}/v2/echo`, {
      method: 'POST',
      body: '{"topic":"standup"}',
    })
    expect(request.bodyUsed).toBe(true)
    expect(await response.json()).toMatchObject({ body: '{"topic":"standup"}' })
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401, 200])
  })

  it('replays a stream body with retry: 0 from its own clone, made before sending', async () => {
    const hooks = await revokedHooks()
    const { response } = await ky2Call(hooks, `${local.zoom.url}/v2/echo`, {
      method: 'POST',
      body: streamOf('streamed body'),
    })
    expect(await response.json()).toMatchObject({ body: 'streamed body' })
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401, 200])
  })

  it('replays a stream body from the clone ky 2 keeps when retries are on', async () => {
    const hooks = await revokedHooks()
    const { response } = await ky2Call(hooks, `${local.zoom.url}/v2/echo`, {
      method: 'PUT',
      body: streamOf('kept by ky'),
      retryLimit: 2,
    })
    expect(await response.json()).toMatchObject({ method: 'PUT', body: 'kept by ky' })
  })

  it('returns the 401 untouched when the body is gone, and retires the token', async () => {
    const hooks = await revokedHooks()
    const url = `${local.zoom.url}/v2/echo`
    hook(hooks, 'init')({})
    const options = { context: {}, body: undefined, retry: { limit: 2 }, headers: new Headers() }
    const request = new Request(url, {
      method: 'POST',
      body: streamOf('gone'),
      duplex: 'half',
    } as RequestInit)
    await hook(hooks, 'beforeRequest')({ request, options, retryCount: 0 })
    // ky 2 would hand over its clone; a consumed one stands for a body nobody kept.
    const response = await fetch(request)
    const result = await hook(hooks, 'afterResponse')({ request, options, response, retryCount: 0 })
    expect(result).toBeUndefined()
    expect(response.status).toBe(401)
    expect(local.zoom.stats.requests).toHaveLength(1)
    // The next call fetches a new token instead of meeting the same 401.
    await ky2Call(hooks, `${local.zoom.url}/v2/users/me`)
    expect(local.zoom.stats.tokenRequests).toBe(1)
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401, 200])
  })

  it("sends the replay through ky's fetch as the init hook saw it (ky 2 hides it from other hooks)", async () => {
    const hooks = await revokedHooks()
    const seen: string[] = []
    const kyFetch = ((input: Request, init?: RequestInit) => {
      seen.push(input.headers.has('authorization') ? 'with token' : 'without')
      return fetch(input, init)
    }) as typeof fetch
    const { response } = await ky2Call(hooks, `${local.zoom.url}/v2/users/me`, { fetch: kyFetch })
    expect(response.status).toBe(200)
    expect(seen).toEqual(['with token', 'with token'])
  })

  it("times out the replay with ky's timeout as the init hook saw it", async () => {
    const hooks = await revokedHooks()
    let calls = 0
    const hangsOnReplay = ((input: Request, init?: RequestInit) => {
      calls += 1
      if (calls === 1) return fetch(input, init)
      return new Promise<Response>((_, reject) =>
        input.signal.addEventListener('abort', () => reject(input.signal.reason)),
      )
    }) as typeof fetch
    const error = await ky2Call(hooks, `${local.zoom.url}/v2/users/me`, {
      fetch: hangsOnReplay,
      timeout: 50,
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'TimeoutError' })
    expect(calls).toBe(2)
  })

  it('replays at most once per call', async () => {
    const { hooks } = zoomAuth(local.provider())
    const { response } = await ky2Call(hooks, `${local.zoom.url}/v2/unauthorized`, {
      retryLimit: 2,
    })
    expect(response.status).toBe(401)
    expect(local.zoom.stats.requests).toHaveLength(2)
  })

  it('rejects with the ZoomAuthError, and beforeError hands it on unchanged', async () => {
    const { hooks } = zoomAuth(local.provider())
    local.zoom.failNextTokenRequests({
      status: 400,
      body: { error: 'invalid_client', reason: 'Invalid client_id or client_secret' },
    })
    const error = await ky2Call(hooks, `${local.zoom.url}/v2/users/me`).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ZoomAuthError)
    const request = new Request(`${local.zoom.url}/v2/users/me`)
    const handed = await hook(hooks, 'beforeError')({ error, request, options: {}, retryCount: 0 })
    expect(handed).toBe(error)
  })

  it('redacts the error and the state request in beforeError', async () => {
    const { hooks } = zoomAuth(local.provider())
    const request = new Request(`${local.zoom.url}/v2/forbidden`, {
      headers: { authorization: 'Bearer state-secret' },
    })
    const error = Object.assign(new Error('Request failed with status code 403'), {
      name: 'HTTPError',
      request: new Request(request),
      options: { headers: new Headers({ Authorization: 'Bearer options-secret' }) },
    })
    const handed = await hook(hooks, 'beforeError')({ error, request, options: {}, retryCount: 0 })
    expect(handed).toBe(error)
    const text = inspect({ error, request }, { depth: 10 })
    expect(text).not.toContain('state-secret')
    expect(text).not.toContain('options-secret')
    expect(request.headers.get('authorization')).toBe('Bearer [REDACTED]')
  })

  it('gives the call a context in init when it has none, and reuses one it has', () => {
    const { hooks } = zoomAuth(local.provider())
    const bare: Record<string, unknown> = {}
    hook(hooks, 'init')(bare)
    expect(bare.context).toEqual({})
    const context = { traceId: 'abc' }
    const withContext: Record<string, unknown> = { context }
    hook(hooks, 'init')(withContext)
    expect(withContext.context).toBe(context)
  })
})
