import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import got, { HTTPError, type Response } from 'got'
import { describe, expect, it } from 'vitest'
import { isZoomAuthError, zoomAuth } from '../index.js'
import { rejectionOf, useZoom } from './support/harness.js'

/** Reads a stream to the end into a string. */
async function collect(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  await pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk)
        done()
      },
    }),
  )
  return Buffer.concat(chunks).toString()
}

describe('zoomAuth (stream API)', () => {
  const local = useZoom()

  it('attaches the token to got.stream requests', async () => {
    const { api } = local.client()
    expect(JSON.parse(await collect(api.stream('v2/users/me')))).toMatchObject({
      id: 'emulator-user',
    })
    expect(local.sent().map((r) => r.withToken)).toEqual([true])
  })

  it('holds a body piped into the stream until the token is attached', async () => {
    const { api } = local.client()
    const upload = api.stream.post('v2/echo', { headers: { 'content-type': 'text/plain' } })
    const [answer] = await Promise.all([
      collect(upload),
      pipeline(Readable.from(['part one, ', 'part two']), upload),
    ])
    expect(JSON.parse(answer)).toMatchObject({ body: 'part one, part two' })
    expect(local.sent()).toMatchObject([{ withToken: true }])
  })

  it('leaves streams to other hosts untouched', async () => {
    const { api } = local.client({}, { hosts: ['api.zoom.us'] })
    const error = await rejectionOf(() => collect(api.stream('v2/users/me')))
    expect((error as HTTPError).response.statusCode).toBe(401)
    expect(local.sent()).toMatchObject([{ withToken: false }])
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('hands a 401 to the caller without a replay, and retires the token it used', async () => {
    const { api } = local.client()
    await api('v2/users/me')
    local.zoom.revokeTokens()
    const error = await rejectionOf(() => collect(api.stream('v2/users/me')))
    expect(error).toBeInstanceOf(HTTPError)
    expect((error as HTTPError).response.statusCode).toBe(401)
    expect(local.sent().map((r) => r.status)).toEqual([200, 401])
    // The next request, stream or not, starts with a new token instead of meeting the 401 again.
    expect(JSON.parse(await collect(api.stream('v2/users/me')))).toMatchObject({
      id: 'emulator-user',
    })
    expect(local.sent().map((r) => r.status)).toEqual([200, 401, 200])
    expect(local.zoom.stats.tokenRequests).toBe(2)
  })

  it('emits the 401 response itself when throwHttpErrors is false, with no replay', async () => {
    const { api } = local.client()
    const stream = api.stream('v2/unauthorized', { throwHttpErrors: false })
    const response = new Promise<Response>((resolve) => stream.once('response', resolve))
    const body = await collect(stream)
    expect((await response).statusCode).toBe(401)
    expect(JSON.parse(body)).toEqual({ code: 124, message: 'Invalid access token.' })
    expect(local.sent()).toHaveLength(1)
  })

  it('fails the stream with the ZoomAuthError itself when no token can be had', async () => {
    local.zoom.failNextTokenRequests({
      status: 400,
      body: { error: 'invalid_client', reason: 'Invalid client_id or client_secret' },
    })
    const api = got.extend(
      zoomAuth(local.provider({ retry: { limit: 0 } }), { hosts: [local.zoom.host] }),
    )
    const error = await rejectionOf(() => collect(api.stream(`${local.zoom.url}/v2/users/me`)))
    expect(isZoomAuthError(error)).toBe(true)
    expect(error).toMatchObject({ name: 'ZoomAuthError', code: 'invalid_client' })
    expect(local.zoom.stats.apiRequests).toBe(0)
  })
})
