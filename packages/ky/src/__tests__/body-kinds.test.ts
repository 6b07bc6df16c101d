import { Readable } from 'node:stream'
import type { KyInstance, Options } from 'ky'
import {
  startRecordingOrigin,
  type RecordedRequest,
  type RecordingOrigin,
} from '@zoom-auth/testing/contracts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'
import { KY_MAJORS } from './support/ky-majors.js'

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

function formWithFile(): FormData {
  const form = new FormData()
  form.append('topic', TEXT)
  form.append('file', new Blob([BYTES], { type: 'application/octet-stream' }), 'recording.bin')
  return form
}

// ky sends every body as a Request stream; the replay sends the bytes copied from it. The adapter
// contract (contract.test.ts) checks every body kind on ky 1 and 2 with ky's retries off
// (`retry: 0`, where ky 2 keeps no clone of its own); these specs check them with ky retrying, where
// ky holds the Request for its retries. Each compares what the recording origin received on the
// replay with what it received on the first send (answered 401), byte for byte, and the
// Content-Type ky derives where the caller set none.
describe.each(KY_MAJORS)(
  'zoomAuth (%s) — the replay sends the body of the first send',
  (_, major) => {
    const local = useZoom()
    let origin: RecordingOrigin
    beforeEach(async () => {
      origin = await startRecordingOrigin()
    })
    afterEach(() => origin.close())

    /** A client on the recording origin, whose first answer is a 401 (Zoom's code 124). */
    function clientMeeting401(): KyInstance {
      origin.answerNext(401)
      return major.ky.create(zoomAuth(local.provider(), { hosts: [origin.host] }))
    }

    /** The first send and the replay of one POST, as the origin received them. */
    async function firstAndReplay(options: Options): Promise<[RecordedRequest, RecordedRequest]> {
      const response = await clientMeeting401().post(`${origin.url}/v2/echo`, options)
      expect(response.status).toBe(200)
      await response.arrayBuffer()
      expect(origin.requests.map((r) => r.status)).toEqual([401, 200])
      return origin.requests as [RecordedRequest, RecordedRequest]
    }

    describe('retries on', () => {
      const retry = { limit: 2 }

      it.each([
        [
          'a JSON value (json:)',
          () => ({ json: { topic: TEXT } }),
          Buffer.from(`{"topic":"${TEXT}"}`),
          'application/json',
        ],
        ['a string', () => ({ body: TEXT }), Buffer.from(TEXT), 'text/plain;charset=UTF-8'],
        [
          'URLSearchParams',
          () => ({ body: new URLSearchParams({ topic: TEXT, page: '2' }) }),
          Buffer.from(new URLSearchParams({ topic: TEXT, page: '2' }).toString()),
          'application/x-www-form-urlencoded;charset=UTF-8',
        ],
        ['a Buffer', () => ({ body: Buffer.from(BYTES) }), Buffer.from(BYTES), undefined],
        ['a Uint8Array', () => ({ body: BYTES.slice() }), Buffer.from(BYTES), undefined],
        [
          'a Blob',
          () => ({ body: new Blob([BYTES], { type: 'application/octet-stream' }) }),
          Buffer.from(BYTES),
          'application/octet-stream',
        ],
        [
          'a web ReadableStream',
          () => ({ body: webStreamOf(BYTES.subarray(0, 100), BYTES.subarray(100)) }),
          Buffer.from(BYTES),
          undefined,
        ],
        [
          'a Node Readable',
          () => ({
            body: Readable.from([
              Buffer.from(BYTES.subarray(0, 100)),
              Buffer.from(BYTES.subarray(100)),
            ]) as unknown as BodyInit,
          }),
          Buffer.from(BYTES),
          undefined,
        ],
      ])(
        '%s: byte-identical, same Content-Type',
        async (_kind, makeOptions, bytes, contentType) => {
          const [first, replay] = await firstAndReplay({ ...makeOptions(), retry })
          expect(Buffer.from(first.body)).toEqual(bytes)
          expect(replay.body).toEqual(first.body)
          expect(first.headers['content-type']).toBe(contentType)
          expect(replay.headers['content-type']).toBe(contentType)
        },
      )

      it('FormData with a file: byte-identical, boundary and Content-Type included', async () => {
        const [first, replay] = await firstAndReplay({ body: formWithFile(), retry })
        expect(first.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
        expect(replay.headers['content-type']).toBe(first.headers['content-type'])
        expect(replay.body).toEqual(first.body)
        const text = Buffer.from(first.body).toString('latin1')
        expect(text).toContain(Buffer.from(BYTES).toString('latin1'))
        expect(text).toContain(Buffer.from(TEXT).toString('latin1'))
      })
    })
  },
)
