import { getEventListeners, once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import got, { HTTPError, RequestError, type Got } from 'got'
import { describe, expect, it } from 'vitest'
import { ZoomAuthError, isZoomAuthError, zoomAuth } from '../index.js'
import { printed, rejectionOf, tokenOf, useZoom } from './support/harness.js'

const invalidClient = {
  status: 400,
  body: { error: 'invalid_client', reason: 'Invalid client_id or client_secret' },
}

describe('token failures', () => {
  const local = useZoom()

  it('rejects with the ZoomAuthError itself, not a got RequestError, and sends nothing', async () => {
    local.zoom.failNextTokenRequests(invalidClient)
    const provider = local.provider({ retry: { limit: 0 } })
    const api = got.extend(zoomAuth(provider, { hosts: [local.zoom.host] }))
    const error = await rejectionOf(() => api(`${local.zoom.url}/v2/users/me`))
    expect(error).toBeInstanceOf(ZoomAuthError)
    expect(error).not.toBeInstanceOf(RequestError)
    expect(error).toMatchObject({ code: 'invalid_client', status: 400, error: 'invalid_client' })
    expect(local.zoom.stats.apiRequests).toBe(0)
  })

  it('rejects the promise shortcuts (.json()) with the ZoomAuthError too', async () => {
    local.zoom.failNextTokenRequests(invalidClient)
    const api = got.extend(
      zoomAuth(local.provider({ retry: { limit: 0 } }), { hosts: [local.zoom.host] }),
    )
    const error = await rejectionOf(() => api(`${local.zoom.url}/v2/users/me`).json())
    expect(isZoomAuthError(error)).toBe(true)
  })

  it('rejects with the ZoomAuthError when the token for the replay cannot be had', async () => {
    const { api } = local.client()
    await api('v2/users/me')
    local.zoom.revokeTokens()
    local.zoom.failNextTokenRequests(invalidClient, 4)
    const error = await rejectionOf(() => api('v2/users/me'))
    expect(error).toBeInstanceOf(ZoomAuthError)
    expect(error).toMatchObject({ code: 'invalid_client' })
    expect(local.sent().map((r) => r.status)).toEqual([200, 401])
  })

  it('refuses plain http to an allowed host that is not loopback (insecure_url) before any request', async () => {
    const api = got.extend(zoomAuth(local.provider(), { hosts: ['api.zoom.us'] }))
    const error = await rejectionOf(() => api('http://api.zoom.us/v2/users/me'))
    expect(error).toBeInstanceOf(ZoomAuthError)
    expect(error).toMatchObject({ code: 'insecure_url' })
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('lets an abort during the token wait end the request as got aborts it, with nothing sent', async () => {
    let tokenRequestStarted = () => {}
    const started = new Promise<void>((resolve) => (tokenRequestStarted = resolve))
    // A token endpoint that only answers by failing when its caller gives up.
    const hangingFetch: typeof fetch = (_input, init) => {
      tokenRequestStarted()
      return new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )
    }
    const provider = local.provider({ fetch: hangingFetch })
    const api = got.extend(zoomAuth(provider, { hosts: [local.zoom.host] }))
    const controller = new AbortController()
    const request = rejectionOf(() =>
      api(`${local.zoom.url}/v2/users/me`, { signal: controller.signal }),
    )
    await started
    controller.abort()
    const error = await request
    expect(error).toBeInstanceOf(RequestError)
    expect(error).toMatchObject({ code: 'ERR_ABORTED' })
    expect(local.zoom.stats.apiRequests).toBe(0)
  })
})

describe('errors that leave zoom-auth', () => {
  const local = useZoom()

  it('redact the token from an HTTPError (util.inspect, JSON.stringify, options.headers)', async () => {
    const { api, provider } = local.client()
    const error = await rejectionOf(() => api('v2/forbidden'))
    expect(error).toBeInstanceOf(HTTPError)
    const token = tokenOf(provider)
    const { options, response } = error as HTTPError
    expect(options.headers.authorization).toBe('Bearer [REDACTED]')
    expect(response.request.options.headers.authorization).toBe('Bearer [REDACTED]')
    expect(printed(error).includes(token)).toBe(false)
  })

  it('redact the replay’s token from the HTTPError of an always-401 endpoint', async () => {
    const { api, provider } = local.client()
    const error = await rejectionOf(() => api('v2/unauthorized'))
    expect(error).toBeInstanceOf(HTTPError)
    expect(printed(error).includes(tokenOf(provider))).toBe(false)
    expect((error as HTTPError).options.headers.authorization).toBe('Bearer [REDACTED]')
  })

  it('redact the token from a stream’s HTTPError', async () => {
    const { api, provider } = local.client()
    const stream = api.stream('v2/scoped')
    const error = await new Promise<unknown>((resolve) => stream.once('error', resolve))
    expect(error).toBeInstanceOf(HTTPError)
    expect(printed(error).includes(tokenOf(provider))).toBe(false)
  })

  it('redact the token from an aborted stream’s error (got destroys it, skipping beforeError)', async () => {
    const { api, provider } = local.client()
    local.zoom.failNextApiRequests({ delayMs: Infinity })
    const controller = new AbortController()
    const stream = api.stream('v2/users/me', { signal: controller.signal })
    const failed = new Promise<unknown>((resolve) => stream.once('error', resolve))
    await new Promise((resolve) => stream.once('request', resolve))
    controller.abort()
    const error = await failed
    expect(error).toBeInstanceOf(RequestError)
    expect(printed(error).includes(tokenOf(provider))).toBe(false)
    expect((error as RequestError).options.headers.authorization).toBe('Bearer [REDACTED]')
  })

  it('redact the token from an aborted stream’s error after a same-origin redirect (got’s new options)', async () => {
    const { server, host, slowRequestArrived } = await redirectingServer()
    try {
      const provider = local.provider()
      const api = got.extend({ prefixUrl: `http://${host}` }, zoomAuth(provider, { hosts: [host] }))
      const controller = new AbortController()
      const stream = api.stream('redirect', { signal: controller.signal })
      const failed = new Promise<unknown>((resolve) => stream.once('error', resolve))
      await slowRequestArrived
      controller.abort()
      expect(printed(await failed).includes(tokenOf(provider))).toBe(false)
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })

  it('never put the token on a stream aborted while its token was on the way', async () => {
    const { server, host } = await redirectingServer()
    try {
      const provider = local.provider()
      await provider.getToken()
      const api = got.extend({ prefixUrl: `http://${host}` }, zoomAuth(provider, { hosts: [host] }))
      // Abort after 0, 1, 2 … microtask turns: one of them lands between the token's arrival and
      // the moment the adapter would set the header.
      for (let turns = 0; turns < 12; turns++) {
        const controller = new AbortController()
        const stream = api.stream('slow', { signal: controller.signal })
        const failed = new Promise<unknown>((resolve) => stream.once('error', resolve))
        for (let turn = 0; turn < turns; turn++) await Promise.resolve()
        controller.abort()
        expect(printed(await failed).includes(tokenOf(provider)), `after ${turns} turns`).toBe(
          false,
        )
      }
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })

  it('add no listener of its own to a stream’s signal that outlives the stream', async () => {
    // The bare client has no token: with throwHttpErrors off, its 401 ends the stream as cleanly.
    const { api } = local.client({ throwHttpErrors: false })
    const bare = got.extend({ prefixUrl: local.zoom.url, throwHttpErrors: false })
    const listenersAfterThreeStreams = async (client: Got) => {
      const controller = new AbortController()
      for (let round = 0; round < 3; round++) {
        const stream = client.stream('v2/users/me', { signal: controller.signal })
        await pipeline(stream, new Writable({ write: (_chunk, _encoding, done) => done() }))
      }
      return getEventListeners(controller.signal, 'abort').length
    }
    // got itself leaves one per stream; zoom-auth must not add to that.
    expect(await listenersAfterThreeStreams(api)).toBe(await listenersAfterThreeStreams(bare))
  })

  it('redact the token from a got retry error after 5xx', async () => {
    const { api, provider } = local.client({ retry: { limit: 0 } })
    local.zoom.failNextApiRequests({ status: 503 })
    const error = await rejectionOf(() => api('v2/users/me'))
    expect((error as HTTPError).response.statusCode).toBe(503)
    expect(printed(error).includes(tokenOf(provider))).toBe(false)
  })

  it('keep the header of a response resolved with throwHttpErrors false (nothing was thrown)', async () => {
    const { api, provider } = local.client({ throwHttpErrors: false })
    const response = await api('v2/forbidden')
    expect(response.statusCode).toBe(403)
    // Compared, never printed: a failing assertion would show the token.
    const sent = response.request.options.headers.authorization === `Bearer ${tokenOf(provider)}`
    expect(sent).toBe(true)
  })
})

/** Loopback server: `/redirect` answers 302 to `/slow`, which never answers. */
async function redirectingServer() {
  let arrived: () => void = () => {}
  const slowRequestArrived = new Promise<void>((resolve) => (arrived = resolve))
  const server = createServer((request, response) => {
    if (request.url === '/redirect') {
      response.writeHead(302, { location: '/slow' }).end()
      return
    }
    arrived()
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return { server, host: `127.0.0.1:${port}`, slowRequestArrived }
}
