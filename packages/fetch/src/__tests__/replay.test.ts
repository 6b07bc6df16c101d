import { DEFAULT_MAX_REPLAY_BODY_BYTES } from '@zoom-auth/core/adapter'
import { startZoomEmulator } from '@zoom-auth/testing'
import { Agent, fetch as undiciFetch } from 'undici'
import { describe, expect, it, vi } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'
import { startLocalZoom } from './support/local-zoom.js'

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk))
      controller.close()
    },
  })
}

describe('replay after a 401', () => {
  const zoom = useZoom(startZoomEmulator)
  const statuses = () => zoom.server.stats.requests.map((r) => r.status)

  /** A zoomFetch whose cached token the emulator has just revoked, so its next request gets a 401. */
  async function withRevokedToken(options: { retryOnUnauthorized?: boolean } = {}) {
    const zoomFetch = zoomAuth(zoom.provider(), { hosts: [zoom.server.host], ...options })
    await (await zoomFetch(`${zoom.server.url}/v2/users/me`)).arrayBuffer()
    zoom.server.revokeTokens()
    zoom.server.resetStats()
    return zoomFetch
  }

  it('replays a request once after a 401 with a new token', async () => {
    const zoomFetch = await withRevokedToken()
    const response = await zoomFetch(`${zoom.server.url}/v2/users/me`)
    expect(response.status).toBe(200)
    const [first, replay] = zoom.server.stats.requests
    expect(statuses()).toEqual([401, 200])
    expect(replay?.token === first?.token).toBe(false)
    expect(zoom.server.stats.tokenRequests).toBe(1)
  })

  it.each([
    ['a string', () => 'plain text', 'plain text'],
    [
      'JSON text',
      () => JSON.stringify({ topic: 'Standup', duration: 15 }),
      '{"topic":"Standup","duration":15}',
    ],
    ['URLSearchParams', () => new URLSearchParams({ a: '1', b: 'two words' }), 'a=1&b=two+words'],
    ['a Blob', () => new Blob(['blob body'], { type: 'text/plain' }), 'blob body'],
    ['an ArrayBuffer', () => new TextEncoder().encode('buffer body').buffer, 'buffer body'],
    ['a Buffer', () => Buffer.from('node buffer'), 'node buffer'],
  ])('replays %s body intact', async (_kind, makeBody, expected) => {
    const zoomFetch = await withRevokedToken()
    const response = await zoomFetch(`${zoom.server.url}/v2/echo`, {
      method: 'POST',
      body: makeBody(),
    })
    expect(await response.json()).toMatchObject({ method: 'POST', body: expected })
    expect(statuses()).toEqual([401, 200])
  })

  it('replays FormData (it lives in memory)', async () => {
    const zoomFetch = await withRevokedToken()
    const form = new FormData()
    form.set('topic', 'Standup')
    form.set('file', new Blob(['file content']), 'notes.txt')
    const response = await zoomFetch(`${zoom.server.url}/v2/echo`, { method: 'POST', body: form })
    const echoed = (await response.json()) as { contentType: string; body: string }
    expect(echoed.contentType).toMatch(/^multipart\/form-data; boundary=/)
    expect(echoed.body).toContain('Standup')
    expect(echoed.body).toContain('file content')
    expect(statuses()).toEqual([401, 200])
  })

  it("replays a Request's body, keeping its method and content type", async () => {
    const zoomFetch = await withRevokedToken()
    const request = new Request(`${zoom.server.url}/v2/echo`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{"duration":30}',
    })
    const response = await zoomFetch(request)
    expect(await response.json()).toMatchObject({
      method: 'PATCH',
      contentType: 'application/json',
      body: '{"duration":30}',
    })
    expect(statuses()).toEqual([401, 200])
  })

  it('replays a Request without a body (GET) as it is', async () => {
    const zoomFetch = await withRevokedToken()
    const response = await zoomFetch(new Request(`${zoom.server.url}/v2/users/me`))
    expect(response.status).toBe(200)
    expect(zoom.server.stats.requests.map((r) => [r.method, r.status])).toEqual([
      ['GET', 401],
      ['GET', 200],
    ])
  })

  it('replays a ReadableStream body that fits the copy limit', async () => {
    const zoomFetch = await withRevokedToken()
    const response = await zoomFetch(`${zoom.server.url}/v2/echo`, {
      method: 'POST',
      body: streamOf('streamed ', 'in ', 'chunks'),
      duplex: 'half',
    } as RequestInit)
    expect(await response.json()).toMatchObject({ body: 'streamed in chunks' })
    expect(statuses()).toEqual([401, 200])
  })

  it('replays a Request whose body is a stream that fits the copy limit', async () => {
    const zoomFetch = await withRevokedToken()
    const request = new Request(`${zoom.server.url}/v2/echo`, {
      method: 'POST',
      body: streamOf('a', 'b', 'c'),
      duplex: 'half',
    } as RequestInit)
    const response = await zoomFetch(request)
    expect(await response.json()).toMatchObject({ body: 'abc' })
    expect(statuses()).toEqual([401, 200])
  })

  it('returns the 401 for a stream longer than the copy limit, and retires the token', async () => {
    const zoomFetch = await withRevokedToken()
    const chunk = 'z'.repeat(64 * 1024)
    const chunks = Array.from(
      { length: DEFAULT_MAX_REPLAY_BODY_BYTES / chunk.length + 1 },
      () => chunk,
    )
    const response = await zoomFetch(`${zoom.server.url}/v2/echo`, {
      method: 'POST',
      body: streamOf(...chunks),
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(401)
    expect(statuses()).toEqual([401])
    // The bad token is gone, so the next request goes out with a fresh one at once.
    expect((await zoomFetch(`${zoom.server.url}/v2/users/me`)).status).toBe(200)
    expect(statuses()).toEqual([401, 200])
    expect(zoom.server.stats.tokenRequests).toBe(1)
  })

  it('returns the 401 for an async iterable body, which cannot be copied', async () => {
    const zoomFetch = await withRevokedToken()
    async function* chunks() {
      yield new TextEncoder().encode('once only')
    }
    const response = await zoomFetch(`${zoom.server.url}/v2/echo`, {
      method: 'POST',
      body: chunks() as unknown as BodyInit,
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(401)
    expect(statuses()).toEqual([401])
  })

  it('makes exactly 2 attempts when every answer is 401 and hands back the second 401', async () => {
    const provider = zoom.provider()
    const replayed = vi.fn()
    provider.subscribe((event) => {
      if (event.type === 'request_replayed') replayed(event.status)
    })
    const zoomFetch = zoomAuth(provider, { hosts: [zoom.server.host] })
    const response = await zoomFetch(`${zoom.server.url}/v2/unauthorized`)
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ code: 124, message: 'Invalid access token.' })
    expect(zoom.server.stats.requests.map((r) => [r.status, r.token !== undefined])).toEqual([
      [401, true],
      [401, true],
    ])
    expect(zoom.server.stats.tokenRequests).toBe(2)
    expect(replayed).toHaveBeenCalledOnce()
  })

  it.each([
    ['403', '/v2/forbidden', 403],
    ['400 with Zoom code 4711 (missing scopes)', '/v2/scoped', 400],
  ])('never refreshes on a %s', async (_kind, path, status) => {
    const zoomFetch = zoomAuth(zoom.provider(), { hosts: [zoom.server.host] })
    const response = await zoomFetch(`${zoom.server.url}${path}`)
    expect(response.status).toBe(status)
    expect(statuses()).toEqual([status])
    expect(zoom.server.stats.tokenRequests).toBe(1)
    // The token is still cached: the next request fetches nothing.
    await zoomFetch(`${zoom.server.url}/v2/users/me`)
    expect(zoom.server.stats.tokenRequests).toBe(1)
  })

  it('hands the 401 to the caller when retryOnUnauthorized is false', async () => {
    const zoomFetch = await withRevokedToken({ retryOnUnauthorized: false })
    const response = await zoomFetch(`${zoom.server.url}/v2/users/me`)
    expect(response.status).toBe(401)
    expect(statuses()).toEqual([401])
    expect(zoom.server.stats.tokenRequests).toBe(0)
  })
})

// The emulator doesn't say which connection a request came on; the local stand-in does.
describe('the discarded 401', () => {
  const local = useZoom(startLocalZoom)

  it('is read to the end so the replay reuses its connection', async () => {
    // Token requests on their own connection pool, so only the two attempts share the API's.
    const tokenAgent = new Agent()
    const tokenFetch = (input: string | URL, init?: object) =>
      undiciFetch(input, { ...init, dispatcher: tokenAgent })
    const provider = local.provider({ fetch: tokenFetch as unknown as typeof fetch })
    let first: Response | undefined
    const transport: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      first ??= response
      return response
    }
    try {
      const zoomFetch = zoomAuth(provider, { hosts: [local.server.host], fetch: transport })
      // A 20 kB 401 body: unread, it would keep its socket busy.
      const response = await zoomFetch(`${local.server.url}/v2/unauthorized?pad=20000`)
      await response.arrayBuffer()
      expect(first?.bodyUsed).toBe(true)
      const [attempt1, attempt2] = local.server.stats.requests
      expect(attempt2?.socketId).toBe(attempt1?.socketId)
    } finally {
      await tokenAgent.close()
    }
  })
})
