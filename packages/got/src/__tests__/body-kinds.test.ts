import { Readable } from 'node:stream'
import got, { RequestError, type Got, type HTTPError, type OptionsOfTextResponseBody } from 'got'
import { describe, expect, it } from 'vitest'
import { rejectionOf, useZoom } from './support/harness.js'
import { useServerTap, type ReceivedRequest } from './support/server-tap.js'

/** Every byte value, so that no encoding step can pass unnoticed. */
const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i))

describe('the replay after a 401, per body kind (what the server received on each send)', () => {
  const local = useZoom()
  const tap = useServerTap(() => local.zoom.url)

  /** An instance whose first request meets a revoked token, so it is answered 401. */
  async function revokedInstance(options?: { maxReplayBodyBytes?: number }): Promise<Got> {
    const { api, provider } = local.client({}, options)
    await provider.getToken()
    local.zoom.revokeTokens()
    return api
  }

  /** Posts to the echo route through a revoked token: the first send and its replay. */
  async function sendTwice(
    options: OptionsOfTextResponseBody,
  ): Promise<{ first: ReceivedRequest; replay: ReceivedRequest }> {
    const api = await revokedInstance()
    const response = await api.post('v2/echo', options)
    expect(response.statusCode).toBe(200)
    expect(local.sent().map((r) => [r.status, r.withToken])).toEqual([
      [401, true],
      [200, true],
    ])
    expect(local.zoom.stats.tokenRequests).toBe(2)
    const received = await tap.received()
    expect(received).toHaveLength(2)
    const [first, replay] = received as [ReceivedRequest, ReceivedRequest]
    for (const send of received) expectLengthToMatch(send)
    return { first, replay }
  }

  /** The replay carried exactly the first send's bytes, under the same Content-Type. */
  function expectIdentical(first: ReceivedRequest, replay: ReceivedRequest, sent: Buffer | string) {
    expect(first.body).toEqual(Buffer.from(sent))
    expect(replay.body).toEqual(first.body)
    expect(replay.headers['content-type']).toBe(first.headers['content-type'])
  }

  it('a JSON value (`json:`): the same bytes and Content-Type', async () => {
    const { first, replay } = await sendTwice({ json: { name: 'Ada', tags: ['x', 'é'] } })
    expectIdentical(first, replay, '{"name":"Ada","tags":["x","é"]}')
    expect(first.headers['content-type']).toBe('application/json')
  })

  it('a string: the same bytes and Content-Type', async () => {
    const { first, replay } = await sendTwice({
      body: 'plain text é',
      headers: { 'content-type': 'text/plain' },
    })
    expectIdentical(first, replay, 'plain text é')
    expect(first.headers['content-type']).toBe('text/plain')
  })

  it('URLSearchParams as `form:`: the same bytes and Content-Type', async () => {
    const { first, replay } = await sendTwice({ form: { a: '1', b: 'two words' } })
    expectIdentical(first, replay, 'a=1&b=two+words')
    expect(first.headers['content-type']).toBe('application/x-www-form-urlencoded')
  })

  it('URLSearchParams as `body:` is not sendable in got (it iterates the entries), as without zoom-auth', async () => {
    const api = await revokedInstance()
    const body = () => new URLSearchParams({ a: '1' }) as unknown as string
    const plain = await rejectionOf(() => got.post(`${local.zoom.url}/v2/echo`, { body: body() }))
    const error = await rejectionOf(() => api.post('v2/echo', { body: body() }))
    expect(error).toBeInstanceOf(RequestError)
    expect((error as RequestError).code).toBe((plain as RequestError).code)
    expect((error as RequestError).code).toBe('ERR_INVALID_ARG_TYPE')
    // Nothing complete reached the server, so there was no 401 to replay.
    expect(local.sent().every((r) => r.status !== 401)).toBe(true)
  })

  it('a Buffer: the same bytes and Content-Type', async () => {
    const { first, replay } = await sendTwice({
      body: BINARY,
      headers: { 'content-type': 'application/octet-stream' },
    })
    expectIdentical(first, replay, BINARY)
  })

  it('a Uint8Array: the same bytes and Content-Type', async () => {
    const { first, replay } = await sendTwice({
      body: new Uint8Array(BINARY),
      headers: { 'content-type': 'application/octet-stream' },
    })
    expectIdentical(first, replay, BINARY)
  })

  it('a Blob is refused by got before anything is sent, as without zoom-auth', async () => {
    const api = await revokedInstance()
    const body = new Blob([BINARY]) as unknown as string
    const plain = await rejectionOf(() => got.post(`${local.zoom.url}/v2/echo`, { body }))
    const error = await rejectionOf(() => api.post('v2/echo', { body }))
    expect(error).toBeInstanceOf(RequestError)
    expect((error as RequestError).message).toBe((plain as RequestError).message)
    expect((error as RequestError).message).toMatch(/Option 'body'/)
    expect(await tap.received()).toEqual([])
  })

  it('FormData with a file: the same parts under a new boundary, with a Content-Type to match', async () => {
    const form = new FormData()
    form.append('topic', 'standup')
    form.append('file', new Blob([BINARY], { type: 'application/octet-stream' }), 'bytes.bin')
    const { first, replay } = await sendTwice({ body: form })
    // got encodes a FormData into a one-shot generator; the replay hands got the FormData again,
    // which encodes it afresh with a new random boundary and a Content-Type naming it.
    const firstBoundary = boundaryOf(first)
    const replayBoundary = boundaryOf(replay)
    expect(replayBoundary).not.toBe(firstBoundary)
    const firstBody = first.body.toString('latin1')
    expect(firstBody).toContain(`--${firstBoundary}\r\n`)
    expect(firstBody).toContain(BINARY.toString('latin1'))
    expect(replay.body.toString('latin1').replaceAll(replayBoundary, firstBoundary)).toBe(firstBody)
  })

  it('FormData under a Content-Type the caller set: the caller’s header on both sends', async () => {
    const form = new FormData()
    form.append('topic', 'standup')
    const { first, replay } = await sendTwice({
      body: form,
      headers: { 'content-type': 'multipart/form-data' },
    })
    expect(first.headers['content-type']).toBe('multipart/form-data')
    expect(replay.headers['content-type']).toBe('multipart/form-data')
    expect(replay.body.toString('latin1')).toContain('standup')
  })

  it('a web ReadableStream: the same bytes and Content-Type (copied as got sends it)', async () => {
    const { first, replay } = await sendTwice({
      body: streamOf([BINARY.subarray(0, 100), BINARY.subarray(100)]) as unknown as string,
      headers: { 'content-type': 'application/octet-stream' },
    })
    expectIdentical(first, replay, BINARY)
  })

  it('a Node Readable: the same bytes and Content-Type (copied as got pipes it)', async () => {
    const { first, replay } = await sendTwice({
      body: Readable.from([BINARY.subarray(0, 100), BINARY.subarray(100)]),
      headers: { 'content-type': 'application/octet-stream' },
    })
    expectIdentical(first, replay, BINARY)
  })

  it.each([
    ['a Node Readable', () => Readable.from([BINARY, BINARY])],
    ['a web ReadableStream', () => streamOf([BINARY, BINARY]) as unknown as Readable],
  ])(
    'hands back the 401 of %s longer than maxReplayBodyBytes, and retires its token',
    async (_kind, stream) => {
      const api = await revokedInstance({ maxReplayBodyBytes: BINARY.length })
      const error = await rejectionOf(() => api.post('v2/echo', { body: stream() }))
      expect((error as HTTPError).response.statusCode).toBe(401)
      const [first] = await tap.received()
      expect(first?.body).toEqual(Buffer.concat([BINARY, BINARY]))
      // The next request doesn't meet the revoked token again: it fetches a new one.
      expect((await api('v2/users/me')).statusCode).toBe(200)
      expect(local.sent().map((r) => r.status)).toEqual([401, 200])
      expect(local.zoom.stats.tokenRequests).toBe(2)
    },
  )
})

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk))
      controller.close()
    },
  })
}

function boundaryOf(request: ReceivedRequest): string {
  const match = /^multipart\/form-data; ?boundary=(.+)$/.exec(request.headers['content-type'] ?? '')
  expect(match).not.toBeNull()
  return match![1]!
}

/** Content-Length, when sent, is the length of the body that came (a stream may go chunked). */
function expectLengthToMatch(request: ReceivedRequest): void {
  const length = request.headers['content-length']
  if (length !== undefined) expect(Number(length)).toBe(request.body.length)
  else expect(request.headers['transfer-encoding']).toBe('chunked')
}
