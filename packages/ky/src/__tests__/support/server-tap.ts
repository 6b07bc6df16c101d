import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { IncomingHttpHeaders, IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach } from 'vitest'

/** One request as a server received it: its headers and the exact bytes of its body. */
export interface ReceivedRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

/** What {@link useServerTap} hands a test. */
export interface ServerTap {
  /** The API requests (paths under `/v2/`) the server on `port` received, in order, bodies complete. */
  received(): Promise<ReceivedRequest[]>
}

/**
 * Records what an in-process HTTP server (the emulator) receives, through Node's
 * `http.server.request.start` diagnostics channel: the emulator answers a 401 without echoing the
 * body, and a replay spec needs the first send's bytes to compare with the replay's. Our `data`
 * listener is added before the server's own, so both see every chunk.
 *
 * @example
 * ```ts
 * const tap = useServerTap(() => local.zoom.url)
 * const [first, replay] = await tap.received()
 * ```
 */
export function useServerTap(serverUrl: () => string): ServerTap {
  let port = 0
  let pending: Array<Promise<ReceivedRequest>> = []

  const onRequest = (message: unknown) => {
    const { request, server } = message as { request: IncomingMessage; server: Server }
    const address = server.address() as AddressInfo | null
    if (address?.port !== port || !(request.url ?? '').startsWith('/v2/')) return
    pending.push(
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = []
        request.on('data', (chunk: Buffer) => chunks.push(chunk))
        request.once('end', () =>
          resolve({
            method: request.method ?? '',
            path: request.url ?? '',
            headers: request.headers,
            body: Buffer.concat(chunks),
          }),
        )
        request.once('error', reject)
      }),
    )
  }

  beforeEach(() => {
    port = Number(new URL(serverUrl()).port)
    subscribe('http.server.request.start', onRequest)
  })
  afterEach(() => {
    unsubscribe('http.server.request.start', onRequest)
    pending = []
  })

  return { received: () => Promise.all(pending) }
}
