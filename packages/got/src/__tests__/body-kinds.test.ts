import got, { RequestError, type Got, type OptionsOfTextResponseBody } from 'got'
import {
  startRecordingOrigin,
  type RecordedRequest,
  type RecordingOrigin,
} from '@zoom-auth/testing/contracts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { rejectionOf, useZoom } from './support/harness.js'

/** Every byte value, so that no encoding step can pass unnoticed. */
const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i))

// The adapter contract (contract.test.ts) replays every body kind as got's users send it: a JSON
// value (`json:`), a string, URLSearchParams (`form:`), a Buffer, a FormData, web and Node streams
// (also past maxReplayBodyBytes), and a Blob refused. These are the ways to send a body it has no
// cell for: URLSearchParams as `body:`, a typed array that is not a Buffer, a FormData under a
// Content-Type the caller set, and got's own error for a Blob.
describe('the replay after a 401 of bodies only got sends (what the origin received on each send)', () => {
  const local = useZoom()
  let origin: RecordingOrigin
  beforeEach(async () => {
    origin = await startRecordingOrigin()
  })
  afterEach(() => origin.close())

  /** An instance on the recording origin, whose first answer is a 401 (Zoom's code 124). */
  function instanceMeeting401(): Got {
    const api = got.extend(
      { prefixUrl: origin.url },
      zoomAuth(local.provider(), { hosts: [origin.host] }),
    )
    origin.answerNext(401)
    return api
  }

  /** Posts through the instance: the first send and its replay, as the origin received them. */
  async function sendTwice(
    options: OptionsOfTextResponseBody,
  ): Promise<{ first: RecordedRequest; replay: RecordedRequest }> {
    const response = await instanceMeeting401().post('v2/echo', options)
    expect(response.statusCode).toBe(200)
    expect(origin.requests.map((r) => [r.status, r.token !== undefined])).toEqual([
      [401, true],
      [200, true],
    ])
    expect(local.zoom.stats.tokenRequests).toBe(2)
    const [first, replay] = origin.requests as [RecordedRequest, RecordedRequest]
    for (const send of origin.requests) expectLengthToMatch(send)
    return { first, replay }
  }

  it('URLSearchParams as `body:` is not sendable in got (it iterates the entries), as without zoom-auth', async () => {
    const api = instanceMeeting401()
    const body = () => new URLSearchParams({ a: '1' }) as unknown as string
    const plain = await rejectionOf(() => got.post(`${origin.url}/v2/echo`, { body: body() }))
    const error = await rejectionOf(() => api.post('v2/echo', { body: body() }))
    expect(error).toBeInstanceOf(RequestError)
    expect((error as RequestError).code).toBe((plain as RequestError).code)
    expect((error as RequestError).code).toBe('ERR_INVALID_ARG_TYPE')
    // Nothing complete reached the server, so there was no 401 to replay.
    expect(origin.requests.every((r) => r.status !== 401)).toBe(true)
  })

  it('a Uint8Array: the same bytes and Content-Type', async () => {
    const { first, replay } = await sendTwice({
      body: new Uint8Array(BINARY),
      headers: { 'content-type': 'application/octet-stream' },
    })
    expect(Buffer.from(first.body)).toEqual(BINARY)
    expect(replay.body).toEqual(first.body)
    expect(replay.headers['content-type']).toBe(first.headers['content-type'])
  })

  it('a Blob is refused by got before anything is sent, as without zoom-auth', async () => {
    const api = instanceMeeting401()
    const body = new Blob([BINARY]) as unknown as string
    const plain = await rejectionOf(() => got.post(`${origin.url}/v2/echo`, { body }))
    const error = await rejectionOf(() => api.post('v2/echo', { body }))
    expect(error).toBeInstanceOf(RequestError)
    expect((error as RequestError).message).toBe((plain as RequestError).message)
    expect((error as RequestError).message).toMatch(/Option 'body'/)
    expect(origin.requests).toEqual([])
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
    expect(Buffer.from(replay.body).toString('latin1')).toContain('standup')
  })
})

/** Content-Length, when sent, is the length of the body that came (a stream may go chunked). */
function expectLengthToMatch(request: RecordedRequest): void {
  const length = request.headers['content-length']
  if (length !== undefined) expect(Number(length)).toBe(request.body.length)
  else expect(request.headers['transfer-encoding']).toBe('chunked')
}
