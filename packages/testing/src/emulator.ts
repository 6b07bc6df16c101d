import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerApiRequest, type ApiState } from './api-routes.js'
import { AuthorizationCodes } from './authorization-codes.js'
import {
  answerAuthorizeRequest,
  type AuthorizationDecision,
  type AuthorizeState,
} from './authorize-endpoint.js'
import { checkTokenTtl, normalizeEmulatorOptions } from './emulator-options.js'
import { FaultDelays } from './fault-delays.js'
import { FaultQueue, faultReply, faultStatus, type FaultTarget } from './faults.js'
import { bearerToken, readIncomingRequest } from './incoming-request.js'
import { RateLimiter } from './rate-limiter.js'
import { jsonReply, writeReply, type Reply } from './reply.js'
import { answerRevokeRequest, type RevokeState } from './revoke-endpoint.js'
import {
  clearStats,
  createStats,
  recordApiRequest,
  recordRefreshPresentation,
  recordTokenRequest,
} from './stats.js'
import { answerTokenRequest, readTokenParams, type TokenEndpointState } from './token-endpoint.js'
import { TokenRegistry } from './token-registry.js'
import type { EmulatorFault, ZoomEmulator, ZoomEmulatorOptions } from './types.js'
import { UserDirectory } from './user-directory.js'
import { UserGrants } from './user-grants.js'
import type { UserGrantState } from './user-token-grants.js'

const HOST = '127.0.0.1'
// Benchmarks open ~1,000 connections at once; the default backlog (511) would drop some SYNs.
const LISTEN_BACKLOG = 4096

/**
 * Starts a local Zoom: the OAuth endpoints (`POST /oauth/token` for Server-to-Server and
 * user-level grants, `GET /oauth/authorize`, `POST /oauth/revoke`) and a few `/v2` API routes,
 * with controls to revoke or expire tokens, decide authorizations and inject faults.
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
  const users = new UserDirectory(settings.accountId)
  for (const user of settings.users) users.add(user)
  const codes = new AuthorizationCodes(settings.authorizationCodeTtlSeconds)
  const decisions: AuthorizationDecision[] = []
  const tokenFaults = new FaultQueue()
  const apiFaults = new FaultQueue()
  const revokeFaults = new FaultQueue()
  const delays = new FaultDelays()
  let tokenTtlSeconds = settings.tokenTtlSeconds
  let url = ''
  const grants = new UserGrants(tokens, {
    get accessTokenTtlSeconds() {
      return tokenTtlSeconds
    },
    refreshTokenTtlSeconds: settings.refreshTokenTtlSeconds,
  })

  const userGrants: UserGrantState = {
    get url() {
      return url
    },
    codes,
    grants,
    users,
    stats,
    scopes: settings.scopes,
    get tokenTtlSeconds() {
      return tokenTtlSeconds
    },
  }
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
    userGrants,
  }
  const authorizeState: AuthorizeState = {
    clientId: settings.clientId,
    redirectUris: settings.redirectUris,
    users,
    codes,
    decisions,
    stats,
  }
  const revokeState: RevokeState = {
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    tokens,
    grants,
    stats,
  }
  const apiState: ApiState = {
    accountId: settings.accountId,
    tokens,
    users,
    rateLimiter:
      settings.rateLimit === undefined
        ? undefined
        : new RateLimiter(settings.rateLimit.limit, settings.rateLimit.windowMs),
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await readIncomingRequest(req)
    const { method, pathname, target } = request

    if (pathname === '/oauth/token') {
      const params = readTokenParams(request)
      recordTokenRequest(stats, params.grantType)
      const refreshToken =
        params.grantType === 'refresh_token' ? params.params.get('refresh_token') : null
      if (refreshToken !== null && refreshToken !== '') {
        recordRefreshPresentation(stats, grants.notePresentation(refreshToken))
      }
      return respond(req, res, tokenFaults.take(), 'token', () =>
        answerTokenRequest(tokenState, request, params),
      )
    }
    if (pathname === '/oauth/authorize') {
      return writeReply(res, answerAuthorizeRequest(authorizeState, method, request.search))
    }
    if (pathname === '/oauth/revoke') {
      stats.revokeRequests++
      return respond(req, res, revokeFaults.take(), 'token', () =>
        answerRevokeRequest(revokeState, request),
      )
    }

    const token = bearerToken(request.authorization)
    return respond(
      req,
      res,
      apiFaults.take(),
      'api',
      () => answerApiRequest(apiState, { ...request, token }),
      (status) => recordApiRequest(stats, { method, path: target, status, token }, pathname),
    )
  }

  // With a fault, `work` runs only if the fault comes after processing; the fault answers either way.
  async function respond(
    req: IncomingMessage,
    res: ServerResponse,
    fault: EmulatorFault | undefined,
    target: FaultTarget,
    work: () => Reply,
    onStatus?: (status: number) => void,
  ): Promise<void> {
    if (fault === undefined) {
      const reply = work()
      onStatus?.(reply.status)
      return writeReply(res, reply)
    }
    if (fault.afterProcessing === true) work()
    onStatus?.(faultStatus(fault))
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
    failNextRevokeRequests: (fault, count) => revokeFaults.add(fault, count),
    addUser: (user) => {
      users.add(user)
    },
    removeUser: (userId) => {
      users.remove(userId)
      grants.revokeUser(userId)
    },
    approveAs: (userId) => {
      users.require(userId)
      decisions.push({ kind: 'approve', userId })
    },
    denyNextAuthorization: () => {
      decisions.push({ kind: 'deny' })
    },
    revokeUserTokens: (userId) => {
      users.require(userId)
      grants.revokeUser(userId)
    },
    expireUserTokens: (userId) => {
      users.require(userId)
      grants.expireUserAccessTokens(userId)
    },
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
