import { Readable } from 'node:stream'
import axios, { type AxiosInstance, type AxiosRequestConfig, type CreateAxiosDefaults } from 'axios'
import {
  startRecordingOrigin,
  type RecordedRequest,
  type RecordingOrigin,
} from '@zoom-auth/testing/contracts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'

/** Every byte value, so that no encoding step can pass unnoticed. */
const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i))

// The adapter contract (contract.test.ts) replays every body kind through axios' default (http)
// adapter: a JSON value, a string, URLSearchParams, a Buffer, a Blob, a FormData, a Node Readable,
// and a web ReadableStream refused. These are the cells it has none for: a typed array that is not a
// Buffer (axios sends its ArrayBuffer), axios' fetch adapter, and the error axios' http adapter
// gives a web stream. The form-data package has its own spec (form-data-package.test.ts).
describe('the replay after a 401 of bodies only axios sends (what the origin received on each send)', () => {
  const local = useZoom()
  let origin: RecordingOrigin
  beforeEach(async () => {
    origin = await startRecordingOrigin()
  })
  afterEach(() => origin.close())

  /** An instance on the recording origin, whose first answer is a 401 (Zoom's code 124). */
  function instanceMeeting401(defaults: CreateAxiosDefaults = {}): AxiosInstance {
    const api = axios.create({ baseURL: `${origin.url}/v2/`, ...defaults })
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [origin.host] }))
    origin.answerNext(401)
    return api
  }

  /** Posts `body` through the instance: the first send and its replay, as the origin received them. */
  async function sendTwice(
    body: unknown,
    config?: AxiosRequestConfig,
    defaults?: CreateAxiosDefaults,
  ): Promise<{ first: RecordedRequest; replay: RecordedRequest }> {
    const response = await instanceMeeting401(defaults).post('echo', body, config)
    expect(response.status).toBe(200)
    expect(local.attempts(origin.requests)).toEqual([
      [401, 1],
      [200, 2],
    ])
    const [first, replay] = origin.requests as [RecordedRequest, RecordedRequest]
    for (const send of origin.requests) expectLengthToMatch(send)
    return { first, replay }
  }

  /** The replay carried exactly the first send's bytes, under the same Content-Type. */
  function expectIdentical(first: RecordedRequest, replay: RecordedRequest, sent: Buffer) {
    expect(Buffer.from(first.body)).toEqual(sent)
    expect(replay.body).toEqual(first.body)
    expect(replay.headers['content-type']).toBe(first.headers['content-type'])
  }

  it('a Uint8Array: the same bytes and Content-Type', async () => {
    const { first, replay } = await sendTwice(new Uint8Array(BINARY))
    expectIdentical(first, replay, BINARY)
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
    const api = instanceMeeting401({ adapter: 'http' })
    const error = await api.post('echo', streamOf([BINARY])).catch((e: unknown) => e)
    expect(axios.isAxiosError(error) && error.code).toBe('ERR_BAD_REQUEST')
    expect(origin.requests).toEqual([])
  })

  it("a Node Readable through axios' fetch adapter is not replayed (fetch reads it, nothing pipes it): the 401 reaches the caller and the token is retired", async () => {
    const api = instanceMeeting401({ adapter: 'fetch' })
    const error = await api
      .post('echo', Readable.from([BINARY.subarray(0, 100), BINARY.subarray(100)]))
      .catch((e: unknown) => e)
    expect(axios.isAxiosError(error) && error.response?.status).toBe(401)
    expect(Buffer.from(origin.requests[0]?.body ?? [])).toEqual(BINARY)
    expect(local.attempts(origin.requests)).toEqual([[401, 1]])
    expect((await api.get('users/me')).status).toBe(200)
    expect(local.zoom.stats.tokenRequests).toBe(2)
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

/** Content-Length, when sent, is the length of the body that came (a stream may go chunked). */
function expectLengthToMatch(request: RecordedRequest): void {
  const length = request.headers['content-length']
  if (length !== undefined) expect(Number(length)).toBe(request.body.length)
  else expect(request.headers['transfer-encoding']).toBe('chunked')
}
