import { inspect } from 'node:util'
import { TimeoutError } from 'ky'
import { describe, expect, it } from 'vitest'
import { ZoomAuthError, zoomAuth, type ZoomKyExtension } from '../index.js'
import { seen, useZoom } from './support/harness.js'

/**
 * ky 2 calls every hook with one state object. ky 2 needs Node 22, so here a call goes through the
 * extension the way ky 2 runs one (see ky 2's `Ky.ts`): the merged options (zoomAuth's `fetch`, or
 * the caller's when theirs came later) go to `init(options)`, which may replace `options.fetch`; then
 * `beforeRequest({ request, options, retryCount })` once, where ky 2's options hide `fetch` and
 * `timeout`; then, when retries are on, ky 2 keeps a clone for them; then it calls the fetch under its
 * per-attempt timeout, which aborts the request's signal and rejects with a `TimeoutError`.
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

type Fetch = (request: Request, init?: unknown) => Promise<Response>

/** ky 2's `timeout()`: the fetch, raced against a timer that aborts ky's controller first. */
function kyTimeout(
  fetch: Fetch,
  request: Request,
  controller: AbortController,
  ms: number | false,
): Promise<Response> {
  if (ms === false) return fetch(request, {})
  return new Promise((resolve, reject) => {
    const timeoutId = setTimeout(() => {
      controller.abort()
      reject(new TimeoutError(request))
    }, ms)
    void fetch(request, {})
      .then(resolve, reject)
      .then(() => clearTimeout(timeoutId))
  })
}

/** Runs one call through the extension as ky 2 would, returning the response ky 2 would end up with. */
async function ky2Call(extension: ZoomKyExtension, url: string, call: Ky2CallOptions = {}) {
  const { hooks } = extension
  const initOptions: Record<string, unknown> = {
    fetch: call.fetch ?? extension.fetch,
    ...(call.timeout !== undefined ? { timeout: call.timeout } : {}),
  }
  hook(hooks, 'init')(initOptions)
  const kyFetch = initOptions.fetch as Fetch
  const limit = call.retryLimit ?? 0
  const controller = new AbortController()
  // ky 2's normalized options: no fetch, no timeout.
  const options = {
    context: initOptions.context,
    method: call.method ?? 'GET',
    body: call.body,
    headers: new Headers(),
    retry: { limit },
    signal: controller.signal,
  }
  const request = new Request(url, {
    method: options.method,
    ...(call.body === undefined ? {} : { body: call.body, duplex: 'half' }),
    signal: options.signal,
  } as RequestInit)
  await hook(hooks, 'beforeRequest')({ request, options, retryCount: 0 })
  const kept = limit > 0 ? request.clone() : request
  const response = await kyTimeout(kyFetch, request, controller, call.timeout ?? 10_000)
  return { response, request: kept, options, kyFetch }
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

  async function revokedExtension(options: Parameters<typeof zoomAuth>[1] = {}) {
    const extension = zoomAuth(local.provider(), options)
    await ky2Call(extension, `${local.zoom.url}/v2/users/me`)
    local.zoom.revokeTokens()
    local.zoom.resetStats()
    return extension
  }

  it('adds the token when beforeRequest gets a state object', async () => {
    const extension = zoomAuth(local.provider())
    const { response } = await ky2Call(extension, `${local.zoom.url}/v2/users/me`)
    expect(response.status).toBe(200)
    expect(seen(local.zoom)).toEqual([[200, true]])
  })

  it('replays an in-memory body with retry: 0, though ky 2 consumed the request', async () => {
    const extension = await revokedExtension()
    const { response, request } = await ky2Call(extension, `${local.zoom.url}/v2/echo`, {
      method: 'POST',
      body: '{"topic":"standup"}',
    })
    expect(request.bodyUsed).toBe(true)
    expect(await response.json()).toMatchObject({ body: '{"topic":"standup"}' })
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401, 200])
  })

  it('replays a stream body with retry: 0 from its own clone, made before sending', async () => {
    const extension = await revokedExtension()
    const { response } = await ky2Call(extension, `${local.zoom.url}/v2/echo`, {
      method: 'POST',
      body: streamOf('streamed body'),
    })
    expect(await response.json()).toMatchObject({ body: 'streamed body' })
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401, 200])
  })

  it('replays a stream body from the clone ky 2 keeps when retries are on', async () => {
    const extension = await revokedExtension()
    const { response } = await ky2Call(extension, `${local.zoom.url}/v2/echo`, {
      method: 'PUT',
      body: streamOf('kept by ky'),
      retryLimit: 2,
    })
    expect(await response.json()).toMatchObject({ method: 'PUT', body: 'kept by ky' })
  })

  it("gives ky 2's retry copy of a replayed request the new token", async () => {
    const extension = await revokedExtension()
    const sent: string[] = []
    const fetchWith503OnReplay = ((input: Request, init?: RequestInit) => {
      sent.push(input.headers.get('authorization') ?? '')
      if (sent.length === 2) return Promise.resolve(new Response('{"code":503}', { status: 503 }))
      return fetch(input, init)
    }) as typeof fetch
    // The 401, then the replay meets a 503: ky 2 retries with the copy it kept before the first attempt.
    const { response, request, kyFetch } = await ky2Call(extension, `${local.zoom.url}/v2/echo`, {
      method: 'POST',
      body: '{"topic":"retry"}',
      retryLimit: 1,
      fetch: fetchWith503OnReplay,
    })
    expect(response.status).toBe(503)
    const retried = await kyFetch(request)
    expect(await retried.json()).toMatchObject({ body: '{"topic":"retry"}' })
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401, 200])
    expect(sent).toHaveLength(3)
    expect([sent[0] === sent[1], sent[1] === sent[2]]).toEqual([false, true])
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })

  it("sends the replay through ky's fetch as the init hook saw it (ky 2 hides it from other hooks)", async () => {
    const extension = await revokedExtension()
    const seen: string[] = []
    const kyFetch = ((input: Request, init?: RequestInit) => {
      seen.push(input.headers.has('authorization') ? 'with token' : 'without')
      return fetch(input, init)
    }) as typeof fetch
    const { response } = await ky2Call(extension, `${local.zoom.url}/v2/users/me`, {
      fetch: kyFetch,
    })
    expect(response.status).toBe(200)
    expect(seen).toEqual(['with token', 'with token'])
  })

  it("times out the replay with ky's timeout, which covers the attempt and its replay", async () => {
    const extension = await revokedExtension()
    let calls = 0
    const hangsOnReplay = ((input: Request, init?: RequestInit) => {
      calls += 1
      if (calls === 1) return fetch(input, init)
      return new Promise<Response>((_, reject) =>
        input.signal.addEventListener('abort', () => reject(input.signal.reason)),
      )
    }) as typeof fetch
    const error = await ky2Call(extension, `${local.zoom.url}/v2/users/me`, {
      fetch: hangsOnReplay,
      timeout: 50,
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'TimeoutError' })
    expect(calls).toBe(2)
  })

  it('replays at most once per call', async () => {
    const extension = zoomAuth(local.provider())
    const { response } = await ky2Call(extension, `${local.zoom.url}/v2/unauthorized`, {
      retryLimit: 2,
    })
    expect(response.status).toBe(401)
    expect(local.zoom.stats.requests).toHaveLength(2)
  })

  it('rejects with the ZoomAuthError, and beforeError hands it on unchanged', async () => {
    const extension = zoomAuth(local.provider())
    const { hooks } = extension
    local.zoom.failNextTokenRequests({
      status: 400,
      body: { error: 'invalid_client', reason: 'Invalid client_id or client_secret' },
    })
    const error = await ky2Call(extension, `${local.zoom.url}/v2/users/me`).catch((e: unknown) => e)
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
