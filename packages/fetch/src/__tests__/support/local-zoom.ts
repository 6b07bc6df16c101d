import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * A small Zoom stand-in on loopback for what the shared emulator (@zoom-auth/testing) doesn't show:
 * a gate that holds API requests in flight, the connection each request came on, its
 * Content-Length, and a 401 with a large body. Most specs use the emulator. Records whether a
 * request carried a valid token, never the token itself.
 */
export interface LocalZoom {
  readonly url: string
  readonly host: string
  readonly credentials: { accountId: string; clientId: string; clientSecret: string }
  readonly stats: LocalZoomStats
  /** Every token issued so far stops working. */
  revokeTokens(): void
  /** Holds the next `count` API requests until `release()`; `arrived` resolves once all are held. */
  holdApiRequests(count: number): { arrived: Promise<void>; release(): void }
  close(): Promise<void>
}

export interface RecordedRequest {
  method: string
  path: string
  status: number
  /** The Authorization header was a token this server issued and had not revoked. */
  validToken: boolean
  /** Any Authorization header at all was present. */
  hadAuthorization: boolean
  contentType: string | undefined
  contentLength: string | undefined
  body: string
  socketId: number
}

export interface LocalZoomStats {
  tokenRequests: number
  apiRequests: number
  connections: number
  requests: RecordedRequest[]
}

const CREDENTIALS = {
  accountId: 'acct-local',
  clientId: 'client-local',
  clientSecret: 'secret-local',
}

/** Starts the stand-in on 127.0.0.1 with a random port. */
export async function startLocalZoom(): Promise<LocalZoom> {
  const valid = new Set<string>()
  const stats: LocalZoomStats = { tokenRequests: 0, apiRequests: 0, connections: 0, requests: [] }
  const socketIds = new WeakMap<Socket, number>()
  let gate: { remaining: number; held: Array<() => void>; onFull: () => void } | undefined

  const basic = `Basic ${Buffer.from(`${CREDENTIALS.clientId}:${CREDENTIALS.clientSecret}`).toString('base64')}`

  function json(res: ServerResponse, status: number, body: unknown, headers = {}): number {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
    return status
  }

  async function route(req: IncomingMessage, res: ServerResponse, body: string): Promise<number> {
    const url = new URL(req.url ?? '/', 'http://local')
    if (url.pathname === '/oauth/token') {
      stats.tokenRequests += 1
      if (req.method !== 'POST' || req.headers.authorization !== basic)
        return json(res, 400, {
          error: 'invalid_client',
          reason: 'Invalid client_id or client_secret',
        })
      const token = randomBytes(12).toString('hex')
      valid.add(token)
      return json(res, 200, {
        access_token: token,
        token_type: 'bearer',
        expires_in: 3600,
        scope: 'user:read:admin',
      })
    }

    stats.apiRequests += 1
    if (gate && gate.remaining > 0) {
      gate.remaining -= 1
      const released = new Promise<void>((resolve) => gate?.held.push(resolve))
      if (gate.remaining === 0) gate.onFull()
      await released
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const authorized = token !== undefined && valid.has(token)

    if (url.pathname === '/v2/unauthorized' || !authorized) {
      // ?pad=N makes the 401 body N bytes longer (big enough that an unread body holds its socket).
      const padding = 'x'.repeat(Number(url.searchParams.get('pad') ?? 0))
      return json(res, 401, { code: 124, message: 'Invalid access token.', padding })
    }
    if (url.pathname === '/v2/users/me') return json(res, 200, { id: 'me' })
    if (url.pathname === '/v2/echo')
      return json(res, 200, {
        method: req.method,
        path: url.pathname,
        contentType: req.headers['content-type'],
        body,
      })
    return json(res, 404, { code: 404, message: 'Not found.' })
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString()
      void route(req, res, body).then((status) => {
        if (new URL(req.url ?? '/', 'http://local').pathname === '/oauth/token') return
        const authorization = req.headers.authorization
        const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1]
        stats.requests.push({
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          status,
          validToken: token !== undefined && valid.has(token),
          hadAuthorization: authorization !== undefined,
          contentType: req.headers['content-type'],
          contentLength: req.headers['content-length'],
          body,
          socketId: socketIds.get(req.socket) ?? -1,
        })
      })
    })
  })
  server.on('connection', (socket: Socket) => {
    stats.connections += 1
    socketIds.set(socket, stats.connections)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    credentials: CREDENTIALS,
    stats,
    revokeTokens: () => valid.clear(),
    holdApiRequests(count) {
      let onFull = () => {}
      const arrived = new Promise<void>((resolve) => (onFull = resolve))
      const current = { remaining: count, held: [] as Array<() => void>, onFull }
      gate = current
      return {
        arrived,
        release() {
          gate = undefined
          for (const resume of current.held) resume()
        },
      }
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
