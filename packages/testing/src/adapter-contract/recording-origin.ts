import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * One request as a {@link RecordingOrigin} received it: every byte of its body.
 *
 * @example
 * ```ts
 * const [first, replay] = origin.requests
 * ```
 */
export interface RecordedRequest {
  /** As sent, e.g. `POST`. */
  method: string
  /** The request target, query string included. */
  path: string
  /** Lower-cased names, as Node gives them. */
  headers: IncomingHttpHeaders
  /** The body exactly as it arrived (empty when there was none). */
  body: Uint8Array<ArrayBuffer>
  /** The bearer token sent, or `undefined`. */
  token: string | undefined
  /** The status it was answered with. */
  status: number
}

/**
 * A loopback origin that keeps every byte it is sent: the side of a replay the emulator does not
 * record. It answers Zoom's 401 (code 124) to a request without a bearer token and to the requests
 * {@link RecordingOrigin.answerNext} scripts, and 200 to everything else, always after reading the
 * whole body.
 *
 * @example
 * ```ts
 * const origin = await startRecordingOrigin()
 * origin.answerNext(401) // the first send meets a 401; its replay gets 200
 * ```
 */
export interface RecordingOrigin {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** `127.0.0.1:<port>`, for `hosts`. */
  readonly host: string
  /** Every request received so far, in order, each recorded once its body has fully arrived. */
  readonly requests: readonly RecordedRequest[]
  /** Answers the next `count` (default 1) requests with `status` (401 as Zoom words it). */
  answerNext(status: number, count?: number): void
  /** Stops listening and drops every open connection (idempotent). */
  close(): Promise<void>
}

/** Zoom's answer to a token it does not accept. */
const INVALID_TOKEN = { code: 124, message: 'Invalid access token.' }

/**
 * Starts a {@link RecordingOrigin} on `127.0.0.1` and a free port.
 *
 * @example
 * ```ts
 * const origin = await startRecordingOrigin()
 * await origin.close()
 * ```
 */
export async function startRecordingOrigin(): Promise<RecordingOrigin> {
  const requests: RecordedRequest[] = []
  const scripted: number[] = []
  const server = createServer({ keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('error', () => req.socket.destroy())
    req.on('end', () => {
      const token = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1]
      const status = scripted.shift() ?? (token === undefined ? 401 : 200)
      const body = new Uint8Array(Buffer.concat(chunks))
      requests.push({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body,
        token,
        status,
      })
      const answer = status === 401 ? INVALID_TOKEN : { received: body.byteLength }
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(answer))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    answerNext(status, count = 1) {
      for (let index = 0; index < count; index++) scripted.push(status)
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}
