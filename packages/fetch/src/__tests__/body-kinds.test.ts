import { Readable } from 'node:stream'
import { startZoomEmulator } from '@zoom-auth/testing'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'
import { useServerTap, type ReceivedRequest } from './support/server-tap.js'

/** Every byte value, so "the same text" can't pass for "the same bytes". */
const BYTES = Uint8Array.from({ length: 256 }, (_, index) => index)
const TEXT = 'Standup ✓ — naïve café 😀'

function webStreamOf(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk.slice())
      controller.close()
    },
  })
}

/** The boundary a multipart request's Content-Type names. */
const boundaryOf = (request: ReceivedRequest) =>
  /^multipart\/form-data; boundary=(.+)$/.exec(request.headers['content-type'] ?? '')?.[1] ?? ''

/** The multipart body with its boundary replaced, so two encodings of one form compare by parts. */
function parts(request: ReceivedRequest): string {
  const boundary = boundaryOf(request)
  expect(boundary).not.toBe('')
  return request.body.toString('latin1').replaceAll(boundary, '<boundary>')
}

// Each spec compares what the emulator received on the replay with what it received on the first
// send (answered 401: the token was revoked), byte for byte.
describe('the replay after a 401 sends the body the first attempt sent, by kind', () => {
  const zoom = useZoom(startZoomEmulator)
  const tap = useServerTap(() => zoom.server.url)

  /** A zoomFetch whose token the emulator has just revoked: its next request is answered 401. */
  async function revokedFetch() {
    const provider = zoom.provider()
    await provider.getToken()
    zoom.server.revokeTokens()
    return zoomAuth(provider, { hosts: [zoom.server.host] })
  }

  /** The first send and the replay of one request to the echo route, as the emulator received them. */
  async function firstAndReplay(
    input: string | Request,
    init?: RequestInit,
  ): Promise<[ReceivedRequest, ReceivedRequest]> {
    const zoomFetch = await revokedFetch()
    const response = await zoomFetch(input, init)
    expect(response.status).toBe(200)
    await response.arrayBuffer()
    expect(zoom.server.stats.requests.map((r) => r.status)).toEqual([401, 200])
    const received = await tap.received()
    expect(received).toHaveLength(2)
    return received as [ReceivedRequest, ReceivedRequest]
  }

  const post = (init: RequestInit) =>
    firstAndReplay(`${zoom.server.url}/v2/echo`, { method: 'POST', ...init })

  it.each([
    [
      'a string (JSON text)',
      () => JSON.stringify({ topic: TEXT }),
      Buffer.from(`{"topic":"${TEXT}"}`),
    ],
    [
      'URLSearchParams',
      () => new URLSearchParams({ topic: TEXT, page: '2' }),
      Buffer.from(new URLSearchParams({ topic: TEXT, page: '2' }).toString()),
    ],
    ['a Buffer', () => Buffer.from(BYTES), Buffer.from(BYTES)],
    ['a Uint8Array', () => BYTES.slice(), Buffer.from(BYTES)],
    ['a Blob', () => new Blob([BYTES], { type: 'application/octet-stream' }), Buffer.from(BYTES)],
  ])('%s: byte-identical, same content type', async (_kind, makeBody, expected) => {
    const [first, replay] = await post({ body: makeBody() })
    expect(first.body).toEqual(expected)
    expect(replay.body).toEqual(first.body)
    expect(replay.headers['content-type']).toBe(first.headers['content-type'])
  })

  it.each([
    ['a web ReadableStream', () => webStreamOf(BYTES.subarray(0, 100), BYTES.subarray(100))],
    [
      'a Node Readable (read through a web stream of its own, as fetch reads it)',
      () => Readable.from([Buffer.from(BYTES.subarray(0, 100)), Buffer.from(BYTES.subarray(100))]),
    ],
  ])('%s: byte-identical (copied while sent)', async (_kind, makeBody) => {
    const body = makeBody() as unknown as BodyInit
    const [first, replay] = await post({ body, duplex: 'half' } as RequestInit)
    expect(first.body).toEqual(Buffer.from(BYTES))
    expect(replay.body).toEqual(first.body)
  })

  it('FormData with a file: the same parts under a new boundary, with a Content-Type to match', async () => {
    const form = new FormData()
    form.append('topic', TEXT)
    form.append('file', new Blob([BYTES], { type: 'application/octet-stream' }), 'recording.bin')
    const [first, replay] = await post({ body: form })
    // fetch encodes a FormData afresh on every send, with a boundary of its own.
    expect(boundaryOf(replay)).not.toBe(boundaryOf(first))
    expect(parts(replay)).toBe(parts(first))
    expect(parts(first)).toContain(Buffer.from(BYTES).toString('latin1'))
    expect(parts(first)).toContain(Buffer.from(TEXT).toString('latin1'))
  })

  it("a Request's own body: byte-identical, both sends with its Content-Length", async () => {
    const request = new Request(`${zoom.server.url}/v2/echo`, { method: 'PUT', body: BYTES })
    const [first, replay] = await firstAndReplay(request)
    expect(first.body).toEqual(Buffer.from(BYTES))
    expect(replay.body).toEqual(first.body)
    expect([first.method, replay.method]).toEqual(['PUT', 'PUT'])
    expect([first.headers['content-length'], replay.headers['content-length']]).toEqual([
      '256',
      '256',
    ])
  })
})
