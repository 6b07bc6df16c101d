import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A small Zoom stand-in on loopback for this package's tests (same route names and shapes as
 * `@zoom-auth/testing`'s emulator): the token endpoint, a few API routes, revocation, injected
 * faults, and a gate that holds API requests in flight. It records whether each request carried a
 * valid token, never the token itself.
 */
export interface LocalZoom {
  readonly url: string
  readonly host: string
  readonly credentials: { accountId: string; clientId: string; clientSecret: string }
  readonly stats: LocalZoomStats
  /** Every token issued so far stops working. */
  revokeTokens(): void
  /** The next `count` token requests answer with this status and JSON body. */
  failNextTokenRequests(fault: { status: number; body: object }, count?: number): void
  /** The next `count` API requests answer with this status (a JSON error body) whatever their token. */
  failNextApiRequests(fault: { status: number }, count?: number): void
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
  body: string
}

export interface LocalZoomStats {
  tokenRequests: number
  apiRequests: number
  requests: RecordedRequest[]
}

const CREDENTIALS = {
  accountId: 'acct-local',
  clientId: 'client-local',
  clientSecret: 'secret-local',
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> }

/** Starts the stand-in on `hostname` (default 127.0.0.1) with a random port. */
export async function startLocalZoom(hostname = '127.0.0.1'): Promise<LocalZoom> {
  const valid = new Set<string>()
  const stats: LocalZoomStats = { tokenRequests: 0, apiRequests: 0, requests: [] }
  let tokenFaults: Array<{ status: number; body: object }> = []
  let apiFaults: Array<{ status: number }> = []
  let gate: { remaining: number; held: Array<() => void>; onFull: () => void } | undefined
  const basic = `Basic ${Buffer.from(`${CREDENTIALS.clientId}:${CREDENTIALS.clientSecret}`).toString('base64')}`

  function issueToken(req: IncomingMessage): Reply {
    stats.tokenRequests += 1
    const fault = tokenFaults.shift()
    if (fault) return fault
    if (req.method !== 'POST' || req.headers.authorization !== basic)
      return {
        status: 400,
        body: { error: 'invalid_client', reason: 'Invalid client_id or client_secret' },
      }
    const token = randomBytes(12).toString('hex')
    valid.add(token)
    return {
      status: 200,
      body: { access_token: token, token_type: 'bearer', expires_in: 3600, scope: 'user:read' },
    }
  }

  async function answerApi(req: IncomingMessage, url: URL, body: string): Promise<Reply> {
    stats.apiRequests += 1
    if (gate && gate.remaining > 0) {
      const current = gate
      current.remaining -= 1
      const released = new Promise<void>((resolve) => current.held.push(resolve))
      if (current.remaining === 0) current.onFull()
      await released
    }
    const fault = apiFaults.shift()
    if (fault) return { status: fault.status, body: { code: fault.status, message: 'Injected.' } }
    if (url.pathname === '/v2/redirect')
      return { status: 302, headers: { location: url.searchParams.get('to') ?? '/' } }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (url.pathname === '/v2/unauthorized' || token === undefined || !valid.has(token))
      return { status: 401, body: { code: 124, message: 'Invalid access token.' } }
    switch (url.pathname) {
      case '/v2/users/me':
        return { status: 200, body: { id: 'me' } }
      case '/v2/forbidden':
        return { status: 403, body: { code: 200, message: 'No permission.' } }
      case '/v2/scoped':
        return {
          status: 400,
          body: { code: 4711, message: 'Invalid access token, does not contain scopes:[x].' },
        }
      case '/v2/echo':
        return {
          status: 200,
          body: {
            method: req.method,
            path: url.pathname,
            query: Object.fromEntries(url.searchParams),
            contentType: req.headers['content-type'],
            body,
          },
        }
      default:
        return { status: 404, body: { code: 404, message: 'Not found.' } }
    }
  }

  function send(res: ServerResponse, reply: Reply): void {
    const json = reply.body === undefined ? '' : JSON.stringify(reply.body)
    res.writeHead(reply.status, {
      ...(json === '' ? {} : { 'content-type': 'application/json' }),
      ...reply.headers,
    })
    res.end(json)
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString()
      const url = new URL(req.url ?? '/', 'http://local')
      if (url.pathname === '/oauth/token') {
        send(res, issueToken(req))
        return
      }
      // Whether the token is valid is judged on arrival, before a held request waits.
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
      const validToken = token !== undefined && valid.has(token)
      void answerApi(req, url, body).then((reply) => {
        stats.requests.push({
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          status: reply.status,
          validToken,
          hadAuthorization: req.headers.authorization !== undefined,
          body,
        })
        send(res, reply)
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, hostname, resolve))
  const { port } = server.address() as AddressInfo
  const host = `${hostname}:${port}`

  return {
    url: `http://${host}`,
    host,
    credentials: CREDENTIALS,
    stats,
    revokeTokens: () => valid.clear(),
    failNextTokenRequests(fault, count = 1) {
      tokenFaults = Array.from({ length: count }, () => fault)
    },
    failNextApiRequests(fault, count = 1) {
      apiFaults = Array.from({ length: count }, () => fault)
    },
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
