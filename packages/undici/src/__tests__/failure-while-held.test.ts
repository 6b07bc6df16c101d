import { tracingChannel } from 'node:diagnostics_channel'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { REPLAY_CHANNEL_NAME, type ReplayTraceContext } from '@zoom-auth/core'
import * as undici from 'undici'
import * as undici6 from 'undici6'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { zoomAuth } from '../index.js'
import { useZoom } from './support/harness.js'

/**
 * A caller's body whose first chunk comes at once and each later one (up to `later`) only once
 * granted, like a slow upload: it shows who reads it, and whether it is closed before its end.
 */
class SlowBody {
  /** Chunks given after the first. */
  given = 0
  readToEnd = false
  closed = false
  readonly chunks: AsyncGenerator<Buffer>
  #granted = 0
  #wake: (() => void) | undefined

  constructor(later: number) {
    this.chunks = this.#chunks(later)
  }

  /** Lets `count` more chunks come. */
  grant(count: number): void {
    this.#granted += count
    this.#wake?.()
  }

  async *#chunks(later: number): AsyncGenerator<Buffer> {
    try {
      yield Buffer.from('chunk 0')
      while (this.given < later) {
        while (this.#granted <= this.given)
          await new Promise<void>((resolve) => (this.#wake = resolve))
        this.given += 1
        yield Buffer.from(`chunk ${this.given}`)
      }
      this.readToEnd = true
    } finally {
      this.closed = true
    }
  }
}

// The request fails while its 401 is held for a replay that waits for the rest of the body, and no
// signal tells the call: fetch hands its dispatcher none, and a destroyed dispatcher is no signal.
describe('a request that fails while its 401 waits for the rest of the body', () => {
  const zoom = useZoom()
  let server: Server | undefined
  let origin = ''
  const replays = { started: [] as ReplayTraceContext[], settled: [] as ReplayTraceContext[] }
  const subscribers = {
    start: (context: unknown) => replays.started.push(context as ReplayTraceContext),
    asyncEnd: (context: unknown) => replays.settled.push(context as ReplayTraceContext),
  }

  beforeEach(async () => {
    replays.started = []
    replays.settled = []
    tracingChannel(REPLAY_CHANNEL_NAME).subscribe(subscribers as never)
    // A server may answer before the body has been sent: this one never reads it.
    server = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end('{"code":124,"message":"Invalid access token."}')
    })
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    origin = `127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterEach(async () => {
    tracingChannel(REPLAY_CHANNEL_NAME).unsubscribe(subscribers as never)
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve))
  })

  const UNDICI = [
    ['undici 7', undici],
    ['undici 6', undici6],
  ] as unknown as ReadonlyArray<[string, typeof undici]>

  it.each(UNDICI)(
    "a destroyed dispatcher: the caller's body is closed, not read to its end for a replay (%s)",
    async (_name, { Agent, request }) => {
      const dispatcher = zoom.dispatcher(
        new Agent().compose(zoomAuth(zoom.provider(), { hosts: [origin] })),
      )
      const body = new SlowBody(5)
      const pending = request(`http://${origin}/v2/upload`, {
        dispatcher,
        method: 'POST',
        body: body.chunks,
      } as never)
      await vi.waitFor(() => expect(replays.started).toHaveLength(1))
      const reason = new Error('shutting down')
      await dispatcher.destroy(reason)
      await expect(pending).rejects.toBe(reason)
      // What was asked of the body before the failure still comes; nothing after it is read.
      body.grant(5)
      await vi.waitFor(() => expect(body.closed).toBe(true))
      expect(body.readToEnd).toBe(false)
      expect(replays.settled).toMatchObject([{ outcome: 'cannot_resend' }])
    },
  )

  it.each(UNDICI)(
    'an aborted fetch: the replay gives up at once, without waiting for the rest of the body (%s)',
    async (_name, { Agent, fetch }) => {
      const dispatcher = zoom.dispatcher(
        new Agent().compose(zoomAuth(zoom.provider(), { hosts: [origin] })),
      )
      const body = new SlowBody(5)
      const controller = new AbortController()
      const pending = fetch(`http://${origin}/v2/upload`, {
        dispatcher,
        method: 'POST',
        body: body.chunks,
        duplex: 'half',
        signal: controller.signal,
      } as never)
      await vi.waitFor(() => expect(replays.started).toHaveLength(1))
      controller.abort()
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
      // No new token for a request nobody waits for.
      await vi.waitFor(() => expect(replays.settled).toMatchObject([{ outcome: 'cannot_resend' }]))
      expect(zoom.emulator.stats.tokenRequests).toBe(1)
      // fetch itself reads the rest of a body it was given, aborted or not: let it end.
      body.grant(5)
      await vi.waitFor(() => expect(body.readToEnd).toBe(true))
    },
  )
})
