import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A small Zoom stand-in on loopback with the emulator's routes and fault injection, for this
 * package's tests. It records what each request carried (whether its token was valid, its body),
 * never the token itself.
 */
export interface StandInZoom {
  readonly url: string
  readonly host: string
  readonly credentials: { accountId: string; clientId: string; clientSecret: string }
  readonly stats: StandInStats
  /** Every token issued so far stops working. */
  revokeTokens(): void
  /** The next `count` token requests answer with this fault. */
  failNextTokenRequests(fault: Fault, count?: number): void
  /** The next `count` API requests answer with this fault. */
  failNextApiRequests(fault: Fault, count?: number): void
  close(): Promise<void>
}

export interface Fault {
  status: number
  body?: object
}

export interface RecordedRequest {
  method: string
  path: string
  status: number
  /** The Authorization header held a token this server issued and had not revoked. */
  validToken: boolean
  /** Any Authorization header at all was present. */
  hadAuthorization: boolean
  /** The Authorization header when it held no token this server ever issued (those are never kept). */
  foreignAuthorization: string | undefined
  contentType: string | undefined
  body: string
}

export interface StandInStats {
  tokenRequests: number
  apiRequests: number
  requests: RecordedRequest[]
}

const CREDENTIALS = {
  accountId: 'acct-stand-in',
  clientId: 'client-stand-in',
  clientSecret: 'secret-stand-in',
}

/** Starts the stand-in on 127.0.0.1 (or `hostname`) with a random port. */
export async function startStandInZoom(hostname = '127.0.0.1'): Promise<StandInZoom> {
  const valid = new Set<string>()
  const issued = new Set<string>()
  const stats: StandInStats = { tokenRequests: 0, apiRequests: 0, requests: [] }
  let tokenFaults: Fault[] = []
  let apiFaults: Fault[] = []
  const basic = `Basic ${Buffer.from(`${CREDENTIALS.clientId}:${CREDENTIALS.clientSecret}`).toString('base64')}`

  function json(res: ServerResponse, status: number, body: unknown): number {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
    return status
  }

  function route(req: IncomingMessage, res: ServerResponse, body: string): number {
    const url = new URL(req.url ?? '/', 'http://stand-in')
    if (url.pathname === '/oauth/token') {
      stats.tokenRequests += 1
      const fault = tokenFaults.shift()
      if (fault) return json(res, fault.status, fault.body ?? {})
      if (req.method !== 'POST' || req.headers.authorization !== basic)
        return json(res, 400, {
          error: 'invalid_client',
          reason: 'Invalid client_id or client_secret',
        })
      const token = randomBytes(16).toString('hex')
      valid.add(token)
      issued.add(token)
      return json(res, 200, {
        access_token: token,
        token_type: 'bearer',
        expires_in: 3600,
        scope: 'user:read:admin',
      })
    }

    stats.apiRequests += 1
    const fault = apiFaults.shift()
    if (fault) return json(res, fault.status, fault.body ?? {})
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const authorized = token !== undefined && valid.has(token)
    if (url.pathname === '/v2/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' })
      res.end()
      return 302
    }
    if (url.pathname === '/v2/public') return json(res, 200, { public: true, query: url.search })
    if (url.pathname === '/v2/unauthorized' || !authorized)
      return json(res, 401, { code: 124, message: 'Invalid access token.' })
    if (url.pathname === '/v2/forbidden')
      return json(res, 403, { code: 200, message: 'No permission.' })
    if (url.pathname === '/v2/scoped')
      return json(res, 400, {
        code: 4711,
        message: 'Invalid access token, does not contain scopes:[meeting:read].',
      })
    if (url.pathname === '/v2/users/me') return json(res, 200, { id: 'me' })
    if (url.pathname === '/v2/echo')
      return json(res, 200, {
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
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
      const status = route(req, res, body)
      if (new URL(req.url ?? '/', 'http://stand-in').pathname === '/oauth/token') return
      const authorization = req.headers.authorization
      const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1]
      stats.requests.push({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        status,
        validToken: token !== undefined && valid.has(token),
        hadAuthorization: authorization !== undefined,
        foreignAuthorization: token !== undefined && issued.has(token) ? undefined : authorization,
        contentType: req.headers['content-type'],
        body,
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, hostname, resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://${hostname}:${port}`,
    host: `${hostname}:${port}`,
    credentials: CREDENTIALS,
    stats,
    revokeTokens: () => valid.clear(),
    failNextTokenRequests(fault, count = 1) {
      tokenFaults = Array.from({ length: count }, () => fault)
    },
    failNextApiRequests(fault, count = 1) {
      apiFaults = Array.from({ length: count }, () => fault)
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
