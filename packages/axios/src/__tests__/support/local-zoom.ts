import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A small Zoom stand-in on loopback for this package's tests: the token endpoint, a few API routes,
 * revocation and gates that hold requests. It records what each API request carried (which token by
 * number, never the token itself).
 */
export interface LocalZoom {
  readonly url: string
  readonly host: string
  readonly credentials: { accountId: string; clientId: string; clientSecret: string }
  readonly stats: LocalZoomStats
  /** Every token issued so far stops working. */
  revokeTokens(): void
  /** The next `count` token requests answer with this status and JSON body. */
  failNextTokenRequests(status: number, body: object, count?: number): void
  /** Holds the next `count` token requests until `release()`; `arrived` resolves once all are held. */
  holdTokenRequests(count: number): Gate
  /** Holds the next `count` API requests until `release()`; `arrived` resolves once all are held. */
  holdApiRequests(count: number): Gate
  /** True when `text` contains any token this server issued (for leak checks that print nothing). */
  containsToken(text: string): boolean
  close(): Promise<void>
}

export interface Gate {
  arrived: Promise<void>
  release(): void
}

export interface RecordedRequest {
  method: string
  path: string
  status: number
  /** 1 for the first token this server issued, 2 for the second…; undefined without a Bearer token. */
  tokenNumber: number | undefined
  /** The Bearer token was one this server issued and had not revoked. */
  validToken: boolean
  hadAuthorization: boolean
  contentType: string | undefined
  body: string
  headers: IncomingMessage['headers']
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

/** Starts the stand-in on 127.0.0.1 with a random port. */
export async function startLocalZoom(): Promise<LocalZoom> {
  const issued = new Map<string, number>()
  const valid = new Set<string>()
  const stats: LocalZoomStats = { tokenRequests: 0, apiRequests: 0, requests: [] }
  let tokenFaults: Array<{ status: number; body: object }> = []
  let apiGate: GateState | undefined
  let tokenGate: GateState | undefined

  const basic = `Basic ${Buffer.from(`${CREDENTIALS.clientId}:${CREDENTIALS.clientSecret}`).toString('base64')}`

  function json(res: ServerResponse, status: number, body: unknown): number {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
    return status
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.tokenRequests += 1
    if (tokenGate) await tokenGate.hold()
    const fault = tokenFaults.shift()
    if (fault) {
      json(res, fault.status, fault.body)
      return
    }
    if (req.method !== 'POST' || req.headers.authorization !== basic) {
      json(res, 400, { error: 'invalid_client', reason: 'Invalid client_id or client_secret' })
      return
    }
    const accessToken = randomBytes(12).toString('hex')
    issued.set(accessToken, issued.size + 1)
    valid.add(accessToken)
    json(res, 200, {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'user:read:admin',
    })
  }

  async function api(req: IncomingMessage, res: ServerResponse, body: string): Promise<number> {
    const url = new URL(req.url ?? '/', 'http://local')
    stats.apiRequests += 1
    if (apiGate) await apiGate.hold()
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const authorized = bearer !== undefined && valid.has(bearer)

    if (url.pathname === '/v2/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' })
      res.end()
      return 302
    }
    if (url.pathname === '/v2/unauthorized' || !authorized)
      return json(res, 401, { code: 124, message: 'Invalid access token.' })
    if (url.pathname === '/v2/hangup') {
      req.socket.destroy()
      return 0
    }
    if (url.pathname === '/v2/forbidden')
      return json(res, 403, { code: 200, message: 'No permission.' })
    if (url.pathname === '/v2/scoped')
      return json(res, 400, {
        code: 4711,
        message: 'Invalid access token, does not contain scopes:[user:read:admin].',
      })
    if (url.pathname === '/v2/users/me') return json(res, 200, { id: 'me' })
    if (url.pathname === '/v2/echo')
      return json(res, 200, {
        method: req.method,
        path: url.pathname,
        query: url.search,
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
      if (new URL(req.url ?? '/', 'http://local').pathname === '/oauth/token') {
        void token(req, res)
        return
      }
      void api(req, res, body).then((status) => {
        const authorization = req.headers.authorization
        const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1]
        stats.requests.push({
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          status,
          tokenNumber: bearer === undefined ? undefined : issued.get(bearer),
          validToken: bearer !== undefined && valid.has(bearer),
          hadAuthorization: authorization !== undefined,
          contentType: req.headers['content-type'],
          body,
          headers: req.headers,
        })
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const host = `127.0.0.1:${port}`

  return {
    url: `http://${host}`,
    host,
    credentials: CREDENTIALS,
    stats,
    revokeTokens: () => valid.clear(),
    failNextTokenRequests(status, body, count = 1) {
      tokenFaults = Array.from({ length: count }, () => ({ status, body }))
    },
    holdTokenRequests(count) {
      const state = new GateState(count, () => (tokenGate = undefined))
      tokenGate = state
      return state.gate
    },
    holdApiRequests(count) {
      const state = new GateState(count, () => (apiGate = undefined))
      apiGate = state
      return state.gate
    },
    containsToken: (text) => [...issued.keys()].some((issuedToken) => text.includes(issuedToken)),
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Holds up to `count` requests; `release()` lets them (and every later one) through. */
class GateState {
  private remaining: number
  private readonly held: Array<() => void> = []
  private onFull: () => void = () => {}
  readonly gate: Gate

  constructor(count: number, onRelease: () => void) {
    this.remaining = count
    const arrived = new Promise<void>((resolve) => (this.onFull = resolve))
    this.gate = {
      arrived,
      release: () => {
        onRelease()
        this.remaining = 0
        for (const resume of this.held.splice(0)) resume()
      },
    }
  }

  hold(): Promise<void> {
    if (this.remaining <= 0) return Promise.resolve()
    this.remaining -= 1
    const released = new Promise<void>((resolve) => this.held.push(resolve))
    if (this.remaining === 0) this.onFull()
    return released
  }
}
