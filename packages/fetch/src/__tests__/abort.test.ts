import { startZoomEmulator } from '@zoom-auth/testing'
import { describe, expect, it, vi } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'

/** A token transport that never answers (until its request is aborted). */
const silentTokenEndpoint: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
  })

describe('abort signals', () => {
  const zoom = useZoom(startZoomEmulator)

  it('rejects at once with the reason of an already aborted signal, sending nothing', async () => {
    const zoomFetch = zoomAuth(zoom.provider(), { hosts: [zoom.server.host] })
    await expect(
      zoomFetch(`${zoom.server.url}/v2/users/me`, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' })
    expect(zoom.server.stats.apiRequests).toBe(0)
  })

  it('rejects with the reason when aborted while waiting for a token', async () => {
    const zoomFetch = zoomAuth(zoom.provider({ fetch: silentTokenEndpoint }), {
      hosts: [zoom.server.host],
    })
    const controller = new AbortController()
    const reason = new Error('caller gave up')
    const pending = zoomFetch(`${zoom.server.url}/v2/users/me`, { signal: controller.signal })
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
    expect(zoom.server.stats.apiRequests).toBe(0)
  })

  it('aborts a request in flight', async () => {
    const zoomFetch = zoomAuth(zoom.provider(), { hosts: [zoom.server.host] })
    zoom.server.failNextApiRequests({ delayMs: Infinity })
    const controller = new AbortController()
    const pending = zoomFetch(`${zoom.server.url}/v2/users/me`, { signal: controller.signal })
    // Until the emulator holds it, the abort could land before the request is sent.
    await vi.waitFor(() => expect(zoom.server.stats.apiRequests).toBe(1))
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
  })

  it("honours a Request's own signal", async () => {
    const zoomFetch = zoomAuth(zoom.provider({ fetch: silentTokenEndpoint }), {
      hosts: [zoom.server.host],
    })
    const controller = new AbortController()
    const pending = zoomFetch(
      new Request(`${zoom.server.url}/v2/users/me`, { signal: controller.signal }),
    )
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('lets init.signal: null free a Request from its own signal, as fetch does', async () => {
    const zoomFetch = zoomAuth(zoom.provider(), { hosts: [zoom.server.host] })
    const request = new Request(`${zoom.server.url}/v2/users/me`, { signal: AbortSignal.abort() })
    const response = await zoomFetch(request, { signal: null })
    expect(response.status).toBe(200)
  })

  it('rejects with the reason when aborted while a 401 waits for the stream body it would replay', async () => {
    // A server may answer 401 before the body has been sent; this stream never ends.
    const transport = vi.fn<typeof fetch>(async () => new Response(null, { status: 401 }))
    const zoomFetch = zoomAuth(zoom.provider(), { hosts: [zoom.server.host], fetch: transport })
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('first chunk'))
      },
    })
    const controller = new AbortController()
    const reason = new Error('caller gave up')
    const pending = zoomFetch(`${zoom.server.url}/v2/echo`, {
      method: 'POST',
      body,
      duplex: 'half',
      signal: controller.signal,
    } as RequestInit)
    await vi.waitFor(() => expect(transport).toHaveBeenCalledOnce())
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
    expect(transport).toHaveBeenCalledOnce()
  })
})
