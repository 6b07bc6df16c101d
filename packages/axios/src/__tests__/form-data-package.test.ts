import { randomBytes } from 'node:crypto'
import axios, { type AxiosInstance } from 'axios'
import FormData from 'form-data'
import { describe, expect, it } from 'vitest'
import { zoomAuth, type AdapterOptions } from '../index.js'
import type { Echo } from './support/echo.js'
import { useZoom } from './support/harness.js'
import { useServerTap } from './support/server-tap.js'

// A file upload the usual Node way, met by a 401. The `form-data` package is a one-shot Node stream
// that calls itself `[object FormData]`: sending it again after the first send consumed it hung the
// call until the server dropped the socket (ECONNRESET).
describe('an upload with the form-data package after a 401', () => {
  const local = useZoom()
  const tap = useServerTap(() => local.zoom.url)

  async function revokedInstance(options: AdapterOptions = {}): Promise<AxiosInstance> {
    const provider = local.provider()
    const api = axios.create({ baseURL: `${local.zoom.url}/v2/` })
    api.interceptors.request.use(zoomAuth(provider, { hosts: [local.zoom.host], ...options }))
    await provider.getToken()
    local.zoom.revokeTokens()
    return api
  }

  function upload(file: Buffer): FormData {
    const form = new FormData()
    form.append('files', file, { filename: 'recording.bin' })
    return form
  }

  it('is replayed with the same bytes, boundary and Content-Type', { timeout: 5_000 }, async () => {
    const api = await revokedInstance()
    const file = randomBytes(16 * 1024)
    const form = upload(file)
    // Read before the send: sending drains the form's parts.
    const bytes = form.getBuffer()
    const { data } = await api.post<Echo>('echo', form, { headers: form.getHeaders() })
    expect(data.contentType).toBe(form.getHeaders()['content-type'])
    expect(local.attempts()).toEqual([
      [401, 1],
      [200, 2],
    ])
    const [first, replay] = await tap.received()
    expect(first!.body).toEqual(bytes)
    expect(replay!.body).toEqual(first!.body)
    expect(replay!.headers['content-type']).toBe(first!.headers['content-type'])
    expect(replay!.headers['content-length']).toBe(String(first!.body.length))
  })

  it(
    'is replayed with the Content-Type axios gave the first send when the caller left out form.getHeaders()',
    { timeout: 5_000 },
    async () => {
      const api = await revokedInstance()
      const form = upload(Buffer.from('a small file'))
      const { data } = await api.post<Echo>('echo', form)
      expect(data.contentType).toBe(form.getHeaders()['content-type'])
      const [first, replay] = await tap.received()
      expect(replay!.body).toEqual(first!.body)
      expect(replay!.headers['content-type']).toBe(first!.headers['content-type'])
    },
  )

  it(
    'longer than maxReplayBodyBytes: the 401 reaches the caller at once and the token is retired',
    { timeout: 5_000 },
    async () => {
      const api = await revokedInstance({ maxReplayBodyBytes: 1024 })
      const form = upload(randomBytes(8 * 1024))
      const error = await api
        .post('echo', form, { headers: form.getHeaders() })
        .catch((e: unknown) => e)
      expect(axios.isAxiosError(error) && error.response?.status).toBe(401)
      expect(local.attempts()).toEqual([[401, 1]])
      // The next request doesn't meet the bad token again.
      expect((await api.get('users/me')).status).toBe(200)
      expect(local.zoom.stats.tokenRequests).toBe(2)
    },
  )
})
