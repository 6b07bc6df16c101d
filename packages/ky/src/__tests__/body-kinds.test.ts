import { Readable } from 'node:stream'
import type { KyInstance, Options } from 'ky'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'
import { KY_MAJORS } from './support/ky-majors.js'
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

function formWithFile(): FormData {
  const form = new FormData()
  form.append('topic', TEXT)
  form.append('file', new Blob([BYTES], { type: 'application/octet-stream' }), 'recording.bin')
  return form
}

// ky sends every body as a Request stream; the replay sends the bytes copied from it. Each spec
// compares what the emulator received on the replay with what it received on the first send
// (answered 401: the token was revoked), byte for byte, with ky retrying and with `retry: 0`.
describe.each(KY_MAJORS)(
  'zoomAuth (%s) — the replay sends the body of the first send',
  (_, major) => {
    const local = useZoom()
    const tap = useServerTap(() => local.zoom.url)

    /** A client whose token the emulator has just revoked: its next call is answered 401. */
    async function revokedClient(): Promise<KyInstance> {
      const provider = local.provider()
      await provider.getToken()
      local.zoom.revokeTokens()
      return major.ky.create(zoomAuth(provider, { hosts: [local.zoom.host] }))
    }

    /** The first send and the replay of one POST to the echo route, as the emulator received them. */
    async function firstAndReplay(options: Options): Promise<[ReceivedRequest, ReceivedRequest]> {
      const api = await revokedClient()
      const response = await api.post(`${local.zoom.url}/v2/echo`, options)
      expect(response.status).toBe(200)
      await response.arrayBuffer()
      expect(local.zoom.stats.requests.map((r) => r.status)).toEqual([401, 200])
      const received = await tap.received()
      expect(received).toHaveLength(2)
      return received as [ReceivedRequest, ReceivedRequest]
    }

    describe.each([
      ['retries on', { limit: 2 }],
      ['retry: 0', 0],
    ] as const)('%s', (_retries, retry) => {
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
          expect(first.body).toEqual(bytes)
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
        const text = first.body.toString('latin1')
        expect(text).toContain(Buffer.from(BYTES).toString('latin1'))
        expect(text).toContain(Buffer.from(TEXT).toString('latin1'))
      })
    })
  },
)
