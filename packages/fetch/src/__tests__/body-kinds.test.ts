import { startZoomEmulator } from '@zoom-auth/testing'
import {
  startRecordingOrigin,
  type RecordedRequest,
  type RecordingOrigin,
} from '@zoom-auth/testing/contracts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'

/** Every byte value, so "the same text" can't pass for "the same bytes". */
const BYTES = Uint8Array.from({ length: 256 }, (_, index) => index)

// The adapter contract (contract.test.ts) replays every body kind given in `init.body` (a string,
// URLSearchParams, a Buffer, a Blob, a FormData, a web ReadableStream and a Node Readable with
// `duplex: 'half'`). What it has no cell for is fetch's own: a body that a `Request` holds.
describe("the replay after a 401 of a Request's own body (what the origin received on each send)", () => {
  const zoom = useZoom(startZoomEmulator)
  let origin: RecordingOrigin
  beforeEach(async () => {
    origin = await startRecordingOrigin()
  })
  afterEach(() => origin.close())

  it("a Request's own body: byte-identical, both sends with its Content-Length", async () => {
    // The origin answers the first send 401 (Zoom's code 124), as to a revoked token.
    origin.answerNext(401)
    const zoomFetch = zoomAuth(zoom.provider(), { hosts: [origin.host] })
    const request = new Request(`${origin.url}/v2/echo`, { method: 'PUT', body: BYTES })
    const response = await zoomFetch(request)
    expect(response.status).toBe(200)
    await response.arrayBuffer()
    expect(origin.requests.map((r) => r.status)).toEqual([401, 200])
    const [first, replay] = origin.requests as [RecordedRequest, RecordedRequest]
    expect(first.body).toEqual(BYTES)
    expect(replay.body).toEqual(first.body)
    expect([first.method, replay.method]).toEqual(['PUT', 'PUT'])
    expect([first.headers['content-length'], replay.headers['content-length']]).toEqual([
      '256',
      '256',
    ])
  })
})
