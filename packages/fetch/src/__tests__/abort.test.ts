import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { useLocalZoom } from './harness.js'

/** A token transport that never answers (until its request is aborted). */
const silentTokenEndpoint: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
  })

describe('abort signals', () => {
  const local = useLocalZoom()

  it('rejects at once with the reason of an already aborted signal, sending nothing', async () => {
    const zoomFetch = zoomAuth(local.provider(), { hosts: [local.zoom.host] })
    await expect(
      zoomFetch(`${local.zoom.url}/v2/users/me`, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' })
    expect(local.zoom.stats.apiRequests).toBe(0)
  })

  it('rejects with the reason when aborted while waiting for a token', async () => {
    const zoomFetch = zoomAuth(local.provider({ fetch: silentTokenEndpoint }), {
      hosts: [local.zoom.host],
    })
    const controller = new AbortController()
    const reason = new Error('caller gave up')
    const pending = zoomFetch(`${local.zoom.url}/v2/users/me`, { signal: controller.signal })
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
    expect(local.zoom.stats.apiRequests).toBe(0)
  })

  it('aborts a request in flight', async () => {
    const zoomFetch = zoomAuth(local.provider(), { hosts: [local.zoom.host] })
    const gate = local.zoom.holdApiRequests(1)
    const controller = new AbortController()
    const pending = zoomFetch(`${local.zoom.url}/v2/users/me`, { signal: controller.signal })
    await gate.arrived
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    gate.release()
  })

  it("honours a Request's own signal", async () => {
    const zoomFetch = zoomAuth(local.provider({ fetch: silentTokenEndpoint }), {
      hosts: [local.zoom.host],
    })
    const controller = new AbortController()
    const pending = zoomFetch(
      new Request(`${local.zoom.url}/v2/users/me`, { signal: controller.signal }),
    )
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
  })
})
