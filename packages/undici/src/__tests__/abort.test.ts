import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent, fetch, request } from 'undici'
import * as undici6 from 'undici6'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'

/** A token transport that never answers (until its request is aborted). */
const silentTokenEndpoint: typeof globalThis.fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
  })

describe('abort signals', () => {
  const zoom = useZoom()

  // undici 6 typed as 7: the specs use only what both share.
  const UNDICI = [
    ['undici 7', { Agent, request }],
    ['undici 6', { Agent: undici6.Agent, request: undici6.request }],
  ] as unknown as ReadonlyArray<[string, { Agent: typeof Agent; request: typeof request }]>

  it.each(UNDICI)(
    'rejects with the reason of an already aborted signal, sending nothing (%s)',
    async (_name, { Agent: AgentClass, request: send }) => {
      const dispatcher = zoom.dispatcher(
        new AgentClass().compose(zoomAuth(zoom.provider(), zoom.hosts)),
      )
      const reason = new Error('caller gave up')
      await expect(
        send(`${zoom.emulator.url}/v2/users/me`, {
          dispatcher,
          signal: AbortSignal.abort(reason),
        } as never),
      ).rejects.toBe(reason)
      expect(zoom.emulator.stats.apiRequests).toBe(0)
    },
  )

  it.each(UNDICI)(
    'rejects with the reason when aborted while waiting for a token (%s)',
    async (_name, { Agent: AgentClass, request: send }) => {
      const provider = zoom.provider({ fetch: silentTokenEndpoint })
      const dispatcher = zoom.dispatcher(new AgentClass().compose(zoomAuth(provider, zoom.hosts)))
      const controller = new AbortController()
      const reason = new Error('caller gave up')
      const pending = send(`${zoom.emulator.url}/v2/users/me`, {
        dispatcher,
        signal: controller.signal,
      } as never)
      controller.abort(reason)
      await expect(pending).rejects.toBe(reason)
      expect(zoom.emulator.stats.apiRequests).toBe(0)
    },
  )

  it('aborts a request in flight', async () => {
    const dispatcher = zoom.dispatcher(new Agent().compose(zoomAuth(zoom.provider(), zoom.hosts)))
    zoom.emulator.failNextApiRequests({ delayMs: Infinity })
    const controller = new AbortController()
    const pending = request(`${zoom.emulator.url}/v2/users/me`, {
      dispatcher,
      signal: controller.signal,
    })
    // Until the emulator holds it, the abort could land before the request is sent.
    await vi.waitFor(() => expect(zoom.emulator.stats.apiRequests).toBe(1))
    const reason = new Error('caller gave up')
    controller.abort(reason)
    await expect(pending).rejects.toBe(reason)
  })

  it('fetch: rejects at once when aborted while waiting for a token, and sends nothing (fetch gives the dispatcher no signal; the request is dropped when it would go out)', async () => {
    let answerToken: (() => void) | undefined
    const provider = zoom.provider({
      fetch: (input, init) =>
        new Promise<void>((resolve) => (answerToken = resolve)).then(() =>
          globalThis.fetch(input, init),
        ),
    })
    const dispatcher = zoom.dispatcher(new Agent().compose(zoomAuth(provider, zoom.hosts)))
    const controller = new AbortController()
    const pending = fetch(`${zoom.emulator.url}/v2/users/me`, {
      dispatcher,
      signal: controller.signal,
    })
    await vi.waitFor(() => expect(answerToken).toBeDefined())
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    answerToken?.()
    await vi.waitFor(() => expect(provider.peek()).toBeDefined())
    // A later request on the same dispatcher goes out after the dropped one would have.
    const later = await request(`${zoom.emulator.url}/v2/echo`, { dispatcher })
    await later.body.dump()
    expect(zoom.emulator.stats.requests.map((sent) => sent.path)).toEqual(['/v2/echo'])
  })

  describe('while a 401 waits for the rest of the body it would replay', () => {
    let server: Server | undefined
    afterEach(async () => {
      server?.closeAllConnections()
      await new Promise((resolve) => server?.close(resolve))
    })

    it.each(UNDICI)(
      'rejects with the reason (%s)',
      async (_name, { Agent: AgentClass, request: send }) => {
        // A server may answer before the body has been sent; this body never ends.
        let received = 0
        server = createServer((req, res) => {
          req.on('data', () => (received += 1))
          res.writeHead(401, { 'content-type': 'application/json' })
          res.end('{"code":124,"message":"Invalid access token."}')
        })
        await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
        const { port } = server.address() as AddressInfo
        const dispatcher = zoom.dispatcher(
          new AgentClass().compose(zoomAuth(zoom.provider(), { hosts: [`127.0.0.1:${port}`] })),
        )
        const controller = new AbortController()
        const reason = new Error('caller gave up')
        const body = (async function* () {
          yield Buffer.from('first chunk')
          await new Promise(() => {})
        })()
        const pending = send(`http://127.0.0.1:${port}/v2/upload`, {
          dispatcher,
          method: 'POST',
          body,
          signal: controller.signal,
        } as never)
        await vi.waitFor(() => expect(received).toBeGreaterThan(0))
        controller.abort(reason)
        await expect(pending).rejects.toBe(reason)
      },
    )
  })
})
