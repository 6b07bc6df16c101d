import { Readable } from 'node:stream'
import { Agent, FormData, fetch, request } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  startRecordingOrigin,
  type RecordedRequest,
  type RecordingOrigin,
} from '@zoom-auth/testing/contracts'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'

// What the adapter contract has no cell for: bodies undici takes that other clients don't (any
// iterable), and fetch through a composed dispatcher, where every body reaches the interceptor as the
// async iterable fetch makes of it. Each spec compares what the origin received on both sends.
describe('request bodies the contract has no cell for', () => {
  const zoom = useZoom()
  let origin: RecordingOrigin

  beforeEach(async () => {
    origin = await startRecordingOrigin()
  })
  afterEach(async () => {
    await origin.close()
  })

  const bytes = Uint8Array.from({ length: 3000 }, (_, index) => (index * 7 + 3) % 256)

  function* chunksOf(from: Uint8Array, size = 1000): Generator<Buffer> {
    for (let offset = 0; offset < from.byteLength; offset += size)
      yield Buffer.from(from.subarray(offset, offset + size))
  }

  function webStreamOf(chunks: Iterator<Buffer>): ReadableStream<Uint8Array> {
    return new ReadableStream({
      pull(controller) {
        const next = chunks.next()
        if (next.done === true) controller.close()
        else controller.enqueue(new Uint8Array(next.value))
      },
    })
  }

  /** A dispatcher whose first request to the origin meets a 401. */
  function dispatcherAfter401(options: { maxReplayBodyBytes?: number } = {}) {
    origin.answerNext(401)
    const provider = zoom.provider()
    return {
      provider,
      dispatcher: zoom.dispatcher(
        new Agent().compose(zoomAuth(provider, { hosts: [origin.host], ...options })),
      ),
    }
  }

  /** Both sends, the replay with a new token and the first send's bytes and Content-Type. */
  function expectReplayed(): [RecordedRequest, RecordedRequest] {
    expect(origin.requests.map((sent) => sent.status)).toEqual([401, 200])
    const [first, replay] = origin.requests as [RecordedRequest, RecordedRequest]
    expect(replay.token).toBeDefined()
    expect(replay.token).not.toBe(first.token)
    expect(Buffer.from(replay.body).equals(Buffer.from(first.body))).toBe(true)
    expect(replay.headers['content-type']).toBe(first.headers['content-type'])
    return [first, replay]
  }

  it.each([
    [
      'an async generator',
      () =>
        (async function* () {
          yield* chunksOf(bytes)
        })(),
    ],
    ['a generator', () => chunksOf(bytes)],
    ['an array of Buffers', () => [...chunksOf(bytes)]],
    [
      'an async generator of strings',
      () =>
        (async function* () {
          yield 'agenda: '
          yield 'Zoë ☕'
        })(),
    ],
  ])('replays %s byte for byte (copied as undici iterates it)', async (_kind, body) => {
    const { dispatcher } = dispatcherAfter401()
    const response = await request(`${origin.url}/v2/upload`, {
      dispatcher,
      method: 'POST',
      body: body() as never,
      headers: { 'content-type': 'application/octet-stream' },
    })
    await response.body.dump()
    expect(response.statusCode).toBe(200)
    const [first] = expectReplayed()
    expect(first.body.byteLength).toBeGreaterThan(0)
  })

  it('hands the 401 of an iterable longer than maxReplayBodyBytes to the caller, the token retired', async () => {
    const { dispatcher, provider } = dispatcherAfter401({ maxReplayBodyBytes: 1024 })
    const response = await request(`${origin.url}/v2/upload`, {
      dispatcher,
      method: 'POST',
      body: chunksOf(bytes) as never,
    })
    await response.body.dump()
    expect(response.statusCode).toBe(401)
    expect(origin.requests).toHaveLength(1)
    const [first] = origin.requests as [RecordedRequest]
    expect(Buffer.from(first.body).equals(Buffer.from(bytes))).toBe(true)
    expect(provider.peek()?.accessToken).not.toBe(first.token)
  })

  describe('through undici.fetch', () => {
    it.each([
      ['a string', () => 'agenda: Zoë ☕'],
      ['URLSearchParams', () => new URLSearchParams({ topic: 'Zoë & co', note: 'a+b=c d' })],
      ['a Node Readable', () => Readable.from(chunksOf(bytes))],
      ['a web stream', () => webStreamOf(chunksOf(bytes))],
      [
        'a FormData with a file',
        () => {
          const form = new FormData()
          form.append('topic', 'Zoë’s recording')
          form.append(
            'files',
            new File([bytes], 'recording.bin', { type: 'application/octet-stream' }),
          )
          return form
        },
      ],
    ])('replays %s byte for byte', async (_kind, body) => {
      const { dispatcher } = dispatcherAfter401()
      const response = await fetch(`${origin.url}/v2/upload`, {
        dispatcher,
        method: 'POST',
        body: body() as never,
        duplex: 'half',
      })
      await response.arrayBuffer()
      expect(response.status).toBe(200)
      const [first, replay] = expectReplayed()
      // fetch encodes a FormData once, into the stream the interceptor copies: the same boundary. A
      // stream goes out chunked first; its copy, bytes of known length, with a Content-Length.
      for (const sent of [first, replay]) {
        const length = sent.headers['content-length']
        if (length !== undefined) expect(Number(length)).toBe(sent.body.byteLength)
      }
    })
  })
})
