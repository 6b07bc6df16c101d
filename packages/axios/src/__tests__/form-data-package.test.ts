import { randomBytes } from 'node:crypto'
import axios, { type AxiosInstance } from 'axios'
import FormData from 'form-data'
import {
  startRecordingOrigin,
  type RecordedRequest,
  type RecordingOrigin,
} from '@zoom-auth/testing/contracts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { zoomAuth, type AdapterOptions } from '../index.js'
import { useZoom } from './support/harness.js'

// A file upload the usual Node way, met by a 401. The `form-data` package is a one-shot Node stream
// that calls itself `[object FormData]`: sending it again after the first send consumed it hung the
// call until the server dropped the socket (ECONNRESET). The adapter contract has no cell for it
// (its FormData is the platform's).
describe('an upload with the form-data package after a 401', () => {
  const local = useZoom()
  let origin: RecordingOrigin
  beforeEach(async () => {
    origin = await startRecordingOrigin()
  })
  afterEach(() => origin.close())

  /** An instance on the recording origin, whose first answer is a 401 (Zoom's code 124). */
  function instanceMeeting401(options: AdapterOptions = {}): AxiosInstance {
    const api = axios.create({ baseURL: `${origin.url}/v2/` })
    api.interceptors.request.use(zoomAuth(local.provider(), { hosts: [origin.host], ...options }))
    origin.answerNext(401)
    return api
  }

  function upload(file: Buffer): FormData {
    const form = new FormData()
    form.append('topic', 'standup')
    form.append('files', file, { filename: 'recording.bin' })
    return form
  }

  /** The first send and the replay, as the origin received them. */
  function firstAndReplay(): [RecordedRequest, RecordedRequest] {
    expect(origin.requests).toHaveLength(2)
    return origin.requests as [RecordedRequest, RecordedRequest]
  }

  it('is replayed with the same bytes, boundary and Content-Type', { timeout: 5_000 }, async () => {
    const api = instanceMeeting401()
    const file = randomBytes(16 * 1024)
    const form = upload(file)
    // Read before the send: sending drains the form's parts.
    const bytes = form.getBuffer()
    const response = await api.post('echo', form, { headers: form.getHeaders() })
    expect(response.status).toBe(200)
    expect(local.attempts(origin.requests)).toEqual([
      [401, 1],
      [200, 2],
    ])
    const [first, replay] = firstAndReplay()
    expect(first.headers['content-type']).toBe(form.getHeaders()['content-type'])
    expect(replay.headers['content-type']).toBe(form.getHeaders()['content-type'])
    expect(Buffer.from(first.body)).toEqual(bytes)
    expect(replay.body).toEqual(first.body)
    expect(replay.headers['content-type']).toBe(first.headers['content-type'])
    expect(first.headers['content-length']).toBe(String(first.body.length))
    expect(replay.headers['content-length']).toBe(String(first.body.length))
  })

  it(
    'is replayed with the Content-Type axios gave the first send when the caller left out form.getHeaders()',
    { timeout: 5_000 },
    async () => {
      const api = instanceMeeting401()
      const form = upload(Buffer.from('a small file'))
      expect((await api.post('echo', form)).status).toBe(200)
      const [first, replay] = firstAndReplay()
      expect(replay.headers['content-type']).toBe(form.getHeaders()['content-type'])
      expect(replay.body).toEqual(first.body)
      expect(replay.headers['content-type']).toBe(first.headers['content-type'])
    },
  )

  it(
    'longer than maxReplayBodyBytes: the 401 reaches the caller at once and the token is retired',
    { timeout: 5_000 },
    async () => {
      const api = instanceMeeting401({ maxReplayBodyBytes: 1024 })
      const form = upload(randomBytes(8 * 1024))
      const error = await api
        .post('echo', form, { headers: form.getHeaders() })
        .catch((e: unknown) => e)
      expect(axios.isAxiosError(error) && error.response?.status).toBe(401)
      expect(local.attempts(origin.requests)).toEqual([[401, 1]])
      // The next request doesn't meet the bad token again.
      expect((await api.get('users/me')).status).toBe(200)
      expect(local.attempts(origin.requests)).toEqual([
        [401, 1],
        [200, 2],
      ])
      expect(local.zoom.stats.tokenRequests).toBe(2)
    },
  )
})
