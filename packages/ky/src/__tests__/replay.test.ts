import type { KyInstance } from 'ky'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { seen, useZoom } from './support/harness.js'
import { KY_MAJORS } from './support/ky-majors.js'

describe.each(KY_MAJORS)('zoomAuth (%s) — the replay after a 401', (_name, major) => {
  const { ky, HTTPError, TimeoutError } = major
  const local = useZoom()

  /** A client whose first token is already fetched and then revoked: its next call meets a 401. */
  async function clientWithRevokedToken(
    options: Parameters<typeof zoomAuth>[1] = {},
  ): Promise<KyInstance> {
    const api = ky.create(zoomAuth(local.provider(), options))
    await api.get(`${local.zoom.url}/v2/users/me`)
    local.zoom.revokeTokens()
    local.zoom.resetStats()
    return api
  }

  /**
   * A transport for zoomAuth's `fetch` option that counts the API requests sent through it once
   * armed, and answers the ones `answer` picks itself (by their number, from 1).
   */
  function scriptedTransport(
    answer: (call: number, input: Request) => Promise<Response> | undefined,
  ) {
    const state = { armed: false, calls: 0, sentMark: false }
    const transport = (input: Request, init?: RequestInit) => {
      if (!state.armed) return fetch(input, init)
      state.calls += 1
      state.sentMark ||= new Headers(init?.headers).has('x-zoom-auth-replayed')
      return answer(state.calls, input) ?? fetch(input, init)
    }
    return { state, transport }
  }

  /** Answers a request only when its signal aborts, with the abort reason. */
  const hang = (input: Request) =>
    new Promise<Response>((_, reject) =>
      input.signal.addEventListener('abort', () => reject(input.signal.reason)),
    )

  it('replays a request once after a 401, with a new token', async () => {
    const api = await clientWithRevokedToken()
    const response = await api.get(`${local.zoom.url}/v2/users/me`)
    expect(response.status).toBe(200)
    expect(local.zoom.stats.tokenRequests).toBe(1)
    const [first, replay] = local.zoom.stats.requests
    expect([first?.status, replay?.status]).toEqual([401, 200])
    expect(first?.token === replay?.token).toBe(false)
  })

  it.each([
    [
      'JSON',
      { json: { topic: 'standup', duration: 15 } },
      '{"topic":"standup","duration":15}',
      'application/json',
    ],
    [
      'string',
      { body: 'plain words', headers: { 'content-type': 'text/plain' } },
      'plain words',
      'text/plain',
    ],
    [
      'URLSearchParams',
      { body: new URLSearchParams({ a: '1', b: 'two' }) },
      'a=1&b=two',
      'application/x-www-form-urlencoded;charset=UTF-8',
    ],
    [
      'Buffer',
      { body: Buffer.from('bytes!'), headers: { 'content-type': 'application/octet-stream' } },
      'bytes!',
      'application/octet-stream',
    ],
    ['Blob', { body: new Blob(['blob body'], { type: 'text/csv' }) }, 'blob body', 'text/csv'],
  ])('replays a %s body intact', async (_kind, options, body, contentType) => {
    const api = await clientWithRevokedToken()
    const echoed = await api.post(`${local.zoom.url}/v2/echo`, options).json()
    expect(echoed).toEqual({ method: 'POST', path: '/v2/echo', query: {}, contentType, body })
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401, 200])
  })

  it('replays a FormData body with a boundary that matches its new encoding', async () => {
    const api = await clientWithRevokedToken()
    const form = new FormData()
    form.append('topic', 'standup')
    const echoed = await api
      .post(`${local.zoom.url}/v2/echo`, { body: form })
      .json<{ contentType: string; body: string }>()
    const boundary = /boundary=(.+)$/.exec(echoed.contentType)?.[1]
    expect(boundary).toBeDefined()
    expect(echoed.body).toContain(`--${boundary}`)
    expect(echoed.body).toContain('name="topic"')
    expect(echoed.body).toContain('standup')
  })

  it('replays a stream body from the clone ky keeps', async () => {
    const api = await clientWithRevokedToken()
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed '))
        controller.enqueue(new TextEncoder().encode('body'))
        controller.close()
      },
    })
    const echoed = await api.post(`${local.zoom.url}/v2/echo`, { body: stream }).json()
    expect(echoed).toMatchObject({ body: 'streamed body' })
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401, 200])
  })

  it('replays a Request given as input, with its own method, headers and body', async () => {
    const api = await clientWithRevokedToken()
    const request = new Request(`${local.zoom.url}/v2/echo`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-trace': 'abc' },
      body: '{"topic":"retro"}',
    })
    const echoed = await api(request).json()
    expect(echoed).toMatchObject({
      method: 'PATCH',
      contentType: 'application/json',
      body: '{"topic":"retro"}',
    })
  })

  it('hands on the 401 of a body longer than 1 MiB, and retires the token for the next call', async () => {
    const api = await clientWithRevokedToken()
    const body = Buffer.alloc(1024 * 1024 + 1, 'x')
    const response = await api.post(`${local.zoom.url}/v2/echo`, { body, throwHttpErrors: false })
    expect(response.status).toBe(401)
    expect((await api.get(`${local.zoom.url}/v2/users/me`)).status).toBe(200)
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401, 200])
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })

  it('replays with retry: 0', async () => {
    const api = await clientWithRevokedToken()
    const echoed = await api.put(`${local.zoom.url}/v2/echo`, { json: { a: 1 }, retry: 0 }).json()
    expect(echoed).toMatchObject({ method: 'PUT', body: '{"a":1}' })
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401, 200])
  })

  it("does not spend the caller's retry budget: a 5xx after the replay is still retried", async () => {
    const { state, transport } = scriptedTransport((call) =>
      call === 2 ? Promise.resolve(new Response('{"code":503}', { status: 503 })) : undefined,
    )
    const api = await clientWithRevokedToken({ fetch: transport })
    state.armed = true
    const response = await api.get(`${local.zoom.url}/v2/users/me`, {
      retry: { limit: 1, delay: () => 0 },
    })
    expect(response.status).toBe(200)
    expect(state.calls).toBe(3)
    // The retry carried the new token, not the one the 401 retired.
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401, 200])
  })

  it.each([
    ['a 5xx', () => Promise.resolve(new Response('{"code":503}', { status: 503 }))],
    ['a network error', () => Promise.reject(new TypeError('fetch failed'))],
  ])(
    'replays at most once per call, also when the replay meets %s that ky retries',
    async (_kind, replayAnswer) => {
      const { state, transport } = scriptedTransport((call) =>
        call === 2 ? replayAnswer() : undefined,
      )
      const api = await clientWithRevokedToken({ fetch: transport })
      state.armed = true
      const pending = api.get(`${local.zoom.url}/v2/users/me`, {
        retry: { limit: 1, delay: () => 0 },
        hooks: { beforeRetry: [() => local.zoom.revokeTokens()] },
      })
      await expect(pending).rejects.toMatchObject({ name: 'HTTPError', response: { status: 401 } })
      expect(state.calls).toBe(3)
      expect(local.zoom.stats.tokenRequests).toBe(1)
    },
  )

  it('replays at most once per call when a beforeRequest hook rebuilds the Request of each retry', async () => {
    const { state, transport } = scriptedTransport((call) =>
      call === 2 ? Promise.resolve(new Response('{"code":503}', { status: 503 })) : undefined,
    )
    const api = await clientWithRevokedToken({ fetch: transport })
    state.armed = true
    const pending = api.get(`${local.zoom.url}/v2/users/me`, {
      retry: { limit: 2, delay: () => 0 },
      hooks: {
        // ky 1 passes the Request, ky 2 a state object holding it.
        beforeRequest: [
          (first: Request | { request: Request }) =>
            new Request(first instanceof Request ? first : first.request),
        ],
        beforeRetry: [() => local.zoom.revokeTokens()],
      },
    })
    await expect(pending).rejects.toMatchObject({ name: 'HTTPError', response: { status: 401 } })
    expect(state.calls).toBe(3)
    expect(local.zoom.stats.tokenRequests).toBe(1)
    // The mark the retries carried never went out.
    expect(state.sentMark).toBe(false)
  })

  it('replays at most once per call when an afterResponse hook forces a retry (ky.retry())', async () => {
    const { state, transport } = scriptedTransport((call) =>
      call === 2 ? Promise.resolve(new Response('{"code":418}', { status: 418 })) : undefined,
    )
    const api = await clientWithRevokedToken({ fetch: transport })
    state.armed = true
    // ky 1 passes the response third, ky 2 in its state object.
    const forceRetryOn418 = (first: unknown, _options?: unknown, third?: Response) => {
      const response = third ?? (first as { response: Response }).response
      return response.status === 418 ? ky.retry() : undefined
    }
    const pending = api.get(`${local.zoom.url}/v2/users/me`, {
      retry: { limit: 1, delay: () => 0 },
      hooks: { afterResponse: [forceRetryOn418], beforeRetry: [() => local.zoom.revokeTokens()] },
    })
    await expect(pending).rejects.toMatchObject({ name: 'HTTPError', response: { status: 401 } })
    expect(state.calls).toBe(3)
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })

  it('still lets ky retry a 5xx as usual', async () => {
    const api = ky.create(zoomAuth(local.provider()))
    local.zoom.failNextApiRequests({ status: 503, body: { code: 503 } }, 2)
    const response = await api.get(`${local.zoom.url}/v2/users/me`, {
      retry: { limit: 2, delay: () => 0 },
    })
    expect(response.status).toBe(200)
    expect(seen(local.zoom)).toEqual([
      [503, true],
      [503, true],
      [200, true],
    ])
  })

  it('makes exactly 2 attempts against an endpoint that always answers 401', async () => {
    const api = ky.create(zoomAuth(local.provider()))
    const error = await api.get(`${local.zoom.url}/v2/unauthorized`).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as InstanceType<typeof HTTPError>).response.status).toBe(401)
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401, 401])
    expect(local.zoom.stats.tokenRequests).toBe(2)
  })

  it.each([
    ['403', '/v2/forbidden', 403],
    ['400 with code 4711', '/v2/scoped', 400],
  ])('neither refreshes nor replays on %s', async (_name, path, status) => {
    const api = ky.create(zoomAuth(local.provider()))
    const response = await api.get(`${local.zoom.url}${path}`, { throwHttpErrors: false })
    expect(response.status).toBe(status)
    expect(local.zoom.stats.requests).toHaveLength(1)
    expect(local.zoom.stats.tokenRequests).toBe(1)
  })

  it('hands the 401 over untouched with retryOnUnauthorized: false', async () => {
    const api = await clientWithRevokedToken({ retryOnUnauthorized: false })
    const response = await api.get(`${local.zoom.url}/v2/users/me`, { throwHttpErrors: false })
    expect(response.status).toBe(401)
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('returns the replayed response with throwHttpErrors: false', async () => {
    const api = await clientWithRevokedToken()
    const response = await api.get(`${local.zoom.url}/v2/users/me`, { throwHttpErrors: false })
    expect(response.status).toBe(200)
    const always = await api.get(`${local.zoom.url}/v2/unauthorized`, { throwHttpErrors: false })
    expect(always.status).toBe(401)
    expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401, 200, 401, 401])
  })

  it('keeps the prefix and searchParams on the replay', async () => {
    const api = (await clientWithRevokedToken()).extend({
      [major.prefixOption]: `${local.zoom.url}/v2`,
    })
    const echoed = await api
      .get('echo', { searchParams: { page_size: 30, next_page_token: 'abc' } })
      .json()
    expect(echoed).toMatchObject({ query: { page_size: '30', next_page_token: 'abc' } })
    expect(local.zoom.stats.requests.map((r) => [r.status, r.path])).toEqual([
      [401, '/v2/echo?page_size=30&next_page_token=abc'],
      [200, '/v2/echo?page_size=30&next_page_token=abc'],
    ])
  })

  it("sends requests, replays and token requests through zoomAuth's fetch option", async () => {
    const seen: string[] = []
    const transport = (input: Request | string, init?: RequestInit) => {
      seen.push(new URL(input instanceof Request ? input.url : input).pathname)
      return fetch(input, init)
    }
    const api = ky.create(zoomAuth(local.credentials(), { fetch: transport }))
    await api.get(`${local.zoom.url}/v2/users/me`)
    local.zoom.revokeTokens()
    await api.get(`${local.zoom.url}/v2/users/me`)
    expect(seen).toEqual([
      '/oauth/token',
      '/v2/users/me',
      '/v2/users/me',
      '/oauth/token',
      '/v2/users/me',
    ])
  })

  it("passes ky's fetch-only options (such as undici's dispatcher) to the first attempt and the replay", async () => {
    const markers: unknown[] = []
    const transport = (input: Request, init?: RequestInit & { marker?: string }) => {
      markers.push(init?.marker)
      return fetch(input, init)
    }
    const api = await clientWithRevokedToken({ fetch: transport })
    markers.length = 0
    // @ts-expect-error -- not a ky option: ky hands it to fetch, as it would undici's `dispatcher`
    await api.get(`${local.zoom.url}/v2/users/me`, { marker: 'kept' })
    expect(markers).toEqual(['kept', 'kept'])
  })

  it("times out the first attempt with ky's timeout", async () => {
    const api = ky.create(zoomAuth(local.provider(), { fetch: hang }))
    await expect(
      api.get(`${local.zoom.url}/v2/users/me`, { timeout: 50, retry: 0 }),
    ).rejects.toBeInstanceOf(TimeoutError)
  })

  it("times out a replay that outlasts ky's timeout with ky's TimeoutError, which holds no token", async () => {
    const { state, transport } = scriptedTransport((call, input) =>
      call === 2 ? hang(input) : undefined,
    )
    const api = await clientWithRevokedToken({ fetch: transport })
    state.armed = true
    const error = await api
      .get(`${local.zoom.url}/v2/users/me`, { timeout: 100, retry: 0 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(
      (error as InstanceType<typeof TimeoutError>).request.headers.get('authorization'),
    ).toBeNull()
    expect(state.calls).toBe(2)
  })

  it("waits for the token inside ky's timeout, and the abort cancels the wait", async () => {
    const api = ky.create(zoomAuth(local.provider()))
    local.zoom.failNextTokenRequests({ delayMs: Infinity })
    const error = await api
      .get(`${local.zoom.url}/v2/users/me`, { timeout: 50, retry: 0 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(local.zoom.stats.apiRequests).toBe(0)
  })
})
