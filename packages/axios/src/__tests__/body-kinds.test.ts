import { Readable } from 'node:stream'
import axios, { type AxiosInstance, type AxiosRequestConfig, type CreateAxiosDefaults } from 'axios'
import FormDataPackage from 'form-data'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'
import { useServerTap, type ReceivedRequest } from './support/server-tap.js'

/** Every byte value, so that no encoding step can pass unnoticed. */
const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i))

describe('the replay after a 401, per body kind (what the server received on each send)', () => {
  const local = useZoom()
  const tap = useServerTap(() => local.zoom.url)

  /** An instance whose first request meets a revoked token, so it is answered 401. */
  async function revokedInstance(defaults: CreateAxiosDefaults = {}): Promise<AxiosInstance> {
    const provider = local.provider()
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/`, ...defaults })
    api.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host] }))
    await provider.getToken()
    local.zoom.revokeTokens()
    return api
  }

  /** Posts `body` to the echo route through a revoked token: the first send and its replay. */
  async function sendTwice(
    body: unknown,
    config?: AxiosRequestConfig,
    defaults?: CreateAxiosDefaults,
  ): Promise<{ first: ReceivedRequest; replay: ReceivedRequest }> {
    const api = await revokedInstance(defaults)
    const response = await api.post('echo', body, config)
    expect(response.status).toBe(200)
    expect(local.attempts()).toEqual([
      [401, 1],
      [200, 2],
    ])
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

  it('a JSON value: the same bytes and Content-Type', async () => {
    const { first, replay } = await sendTwice({ name: 'Ada', tags: ['x', 'é'] })
    expectIdentical(first, replay, '{"name":"Ada","tags":["x","é"]}')
    expect(first.headers['content-type']).toBe('application/json')
  })

  it('a string: the same bytes and Content-Type', async () => {
    const { first, replay } = await sendTwice('plain text é', {
      headers: { 'content-type': 'text/plain' },
    })
    expectIdentical(first, replay, 'plain text é')
    expect(first.headers['content-type']).toBe('text/plain')
  })

  it('URLSearchParams: the same bytes and Content-Type', async () => {
    const { first, replay } = await sendTwice(new URLSearchParams({ a: '1', b: 'two words' }))
    expectIdentical(first, replay, 'a=1&b=two+words')
    expect(first.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=utf-8')
  })

  it('a Buffer: the same bytes and Content-Type', async () => {
    const { first, replay } = await sendTwice(BINARY, {
      headers: { 'content-type': 'application/octet-stream' },
    })
    expectIdentical(first, replay, BINARY)
  })

  it('a Uint8Array: the same bytes and Content-Type', async () => {
    const { first, replay } = await sendTwice(new Uint8Array(BINARY))
    expectIdentical(first, replay, BINARY)
  })

  it('a Blob: the same bytes and Content-Type', async () => {
    const { first, replay } = await sendTwice(new Blob([BINARY], { type: 'image/png' }))
    expectIdentical(first, replay, BINARY)
    expect(first.headers['content-type']).toBe('image/png')
  })

  it('FormData with a file: the same parts under a new boundary, with a Content-Type to match', async () => {
    const form = new FormData()
    form.append('topic', 'standup')
    form.append('file', new Blob([BINARY], { type: 'application/octet-stream' }), 'bytes.bin')
    const { first, replay } = await sendTwice(form)
    // axios' http adapter encodes a FormData afresh on each send, with a random boundary.
    const firstBoundary = boundaryOf(first)
    const replayBoundary = boundaryOf(replay)
    expect(replayBoundary).not.toBe(firstBoundary)
    const firstBody = first.body.toString('latin1')
    expect(firstBody).toContain(`--${firstBoundary}\r\n`)
    expect(firstBody).toContain(BINARY.toString('latin1'))
    expect(replay.body.toString('latin1').replaceAll(replayBoundary, firstBoundary)).toBe(firstBody)
  })

  it('the form-data package: the same bytes, boundary and Content-Type', async () => {
    const form = new FormDataPackage()
    form.append('topic', 'standup')
    form.append('files', BINARY, { filename: 'bytes.bin' })
    // Read before the send: sending drains the form's parts.
    const bytes = form.getBuffer()
    const { first, replay } = await sendTwice(form, { headers: form.getHeaders() })
    expectIdentical(first, replay, bytes)
    expect(first.headers['content-type']).toBe(form.getHeaders()['content-type'])
  })

  it("a web ReadableStream (axios' fetch adapter): the same bytes and Content-Type", async () => {
    const { first, replay } = await sendTwice(
      streamOf([BINARY.subarray(0, 100), BINARY.subarray(100)]),
      { headers: { 'content-type': 'application/octet-stream' } },
      { adapter: 'fetch' },
    )
    expectIdentical(first, replay, BINARY)
  })

  it("a web ReadableStream is refused by axios' http adapter before anything is sent, as without zoom-auth", async () => {
    const api = await revokedInstance({ adapter: 'http' })
    const error = await api.post('echo', streamOf([BINARY])).catch((e: unknown) => e)
    expect(axios.isAxiosError(error) && error.code).toBe('ERR_BAD_REQUEST')
    expect(await tap.received()).toEqual([])
  })

  it("a Node Readable through axios' fetch adapter is not replayed (fetch reads it, nothing pipes it): the 401 reaches the caller and the token is retired", async () => {
    const api = await revokedInstance({ adapter: 'fetch' })
    const error = await api
      .post('echo', Readable.from([BINARY.subarray(0, 100), BINARY.subarray(100)]))
      .catch((e: unknown) => e)
    expect(axios.isAxiosError(error) && error.response?.status).toBe(401)
    expect((await tap.received())[0]?.body).toEqual(BINARY)
    expect(local.attempts()).toEqual([[401, 1]])
    expect((await api.get('users/me')).status).toBe(200)
    expect(local.zoom.stats.tokenRequests).toBe(2)
  })

  it('a Node Readable: the same bytes and Content-Type', async () => {
    const { first, replay } = await sendTwice(
      Readable.from([BINARY.subarray(0, 100), BINARY.subarray(100)]),
      { headers: { 'content-type': 'application/octet-stream' } },
    )
    expectIdentical(first, replay, BINARY)
  })
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
