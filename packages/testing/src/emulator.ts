import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerApiRequest, type ApiState } from './api-routes.js'
import { checkTokenTtl, normalizeEmulatorOptions } from './emulator-options.js'
import { FaultDelays } from './fault-delays.js'
import { FaultQueue, faultReply, faultStatus, type FaultTarget } from './faults.js'
import { RateLimiter } from './rate-limiter.js'
import { jsonReply, writeReply } from './reply.js'
import { clearStats, createStats, recordApiRequest, recordTokenRequest } from './stats.js'
import {
  answerTokenRequest,
  readTokenParams,
  type TokenEndpointState,
  type TokenRequest,
} from './token-endpoint.js'
import { TokenRegistry } from './token-registry.js'
import type { EmulatorFault, ZoomEmulator, ZoomEmulatorOptions } from './types.js'

const HOST = '127.0.0.1'
// Benchmarks open ~1,000 connections at once; the default backlog (511) would drop some SYNs.
const LISTEN_BACKLOG = 4096

/**
 * Starts a local Zoom: the Server-to-Server OAuth token endpoint (`POST /oauth/token`) and a few
 * `/v2` API routes, with controls to revoke or expire tokens and to inject faults.
 *
 * @example
 * ```ts
 * import { startZoomEmulator } from '@zoom-auth/testing'
 *
 * const emulator = await startZoomEmulator()
 * const { accountId, clientId, clientSecret } = emulator.credentials
 * const tokenResponse = await fetch(`${emulator.url}/oauth/token`, {
 *   method: 'POST',
 *   headers: { authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}` },
 *   body: new URLSearchParams({ grant_type: 'account_credentials', account_id: accountId }),
 * })
 * const { access_token } = await tokenResponse.json()
 * await fetch(`${emulator.url}/v2/users/me`, { headers: { authorization: `Bearer ${access_token}` } })
 * await emulator.close()
 * ```
 */
export async function startZoomEmulator(options?: ZoomEmulatorOptions): Promise<ZoomEmulator> {
  const settings = normalizeEmulatorOptions(options)
  const stats = createStats()
  const tokens = new TokenRegistry()
  const tokenFaults = new FaultQueue()
  const apiFaults = new FaultQueue()
  const delays = new FaultDelays()
  let tokenTtlSeconds = settings.tokenTtlSeconds
  let url = ''

  const tokenState: TokenEndpointState = {
    get url() {
      return url
    },
    accountId: settings.accountId,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    scopes: settings.scopes,
    get tokenTtlSeconds() {
      return tokenTtlSeconds
    },
    tokens,
    onIssued: () => {
      stats.tokensIssued++
    },
  }
  const apiState: ApiState = {
    accountId: settings.accountId,
    tokens,
    rateLimiter:
      settings.rateLimit === undefined
        ? undefined
        : new RateLimiter(settings.rateLimit.limit, settings.rateLimit.windowMs),
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req)
    const method = req.method ?? 'GET'
    const target = req.url ?? '/'
    const queryStart = target.indexOf('?')
    const pathname = queryStart < 0 ? target : target.slice(0, queryStart)
    const search = queryStart < 0 ? '' : target.slice(queryStart + 1)
    const contentType = req.headers['content-type']

    if (pathname === '/oauth/token') {
      const request: TokenRequest = {
        method,
        authorization: req.headers.authorization,
        contentType,
        search,
        body,
      }
      const params = readTokenParams(request)
      recordTokenRequest(stats, params.grantType)
      const fault = tokenFaults.take()
      if (fault !== undefined) return answerWithFault(req, res, fault, 'token')
      return writeReply(res, answerTokenRequest(tokenState, request, params))
    }

    const token = bearerToken(req.headers.authorization)
    const fault = apiFaults.take()
    if (fault !== undefined) {
      recordApiRequest(stats, { method, path: target, status: faultStatus(fault), token }, pathname)
      return answerWithFault(req, res, fault, 'api')
    }
    const reply = answerApiRequest(apiState, {
      method,
      pathname,
      search,
      contentType,
      body,
      token,
    })
    recordApiRequest(stats, { method, path: target, status: reply.status, token }, pathname)
    writeReply(res, reply)
  }

  async function answerWithFault(
    req: IncomingMessage,
    res: ServerResponse,
    fault: EmulatorFault,
    target: FaultTarget,
  ): Promise<void> {
    if (fault.delayMs !== undefined && fault.delayMs > 0) {
      const elapsed = await delays.wait(fault.delayMs)
      if (!elapsed) return
    }
    if (fault.reset === true) {
      req.socket.resetAndDestroy()
      return
    }
    writeReply(res, faultReply(fault, target))
  }

  const server = createServer({ keepAlive: true, noDelay: true }, (req, res) => {
    answer(req, res).catch(() => {
      // The client went away mid-body, or a fault carried a header Node refuses.
      if (res.headersSent || res.destroyed) req.socket.destroy()
      else writeReply(res, jsonReply(500, { code: 500, message: 'Emulator error.' }))
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port: settings.port, host: HOST, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  url = `http://${HOST}:${port}`

  let closing: Promise<void> | undefined
  return {
    url,
    host: `${HOST}:${port}`,
    credentials: {
      accountId: settings.accountId,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
    },
    stats,
    revokeTokens: () => tokens.revokeAll(),
    expireTokens: () => tokens.expireAll(),
    failNextTokenRequests: (fault, count) => tokenFaults.add(fault, count),
    failNextApiRequests: (fault, count) => apiFaults.add(fault, count),
    setTokenTtl: (seconds) => {
      tokenTtlSeconds = checkTokenTtl(seconds)
    },
    resetStats: () => clearStats(stats),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
        delays.cancelAll()
      })
      return closing
    },
  }
}

function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined
  const match = /^bearer\s+(\S+)\s*$/i.exec(authorization)
  return match?.[1]
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
