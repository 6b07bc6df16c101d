import { basicClient, isClient, type Client } from './client-auth.js'
import { jsonReply, NO_STORE, type Reply } from './reply.js'
import type { TokenRegistry } from './token-registry.js'
import {
  answerAuthorizationCodeGrant,
  answerRefreshTokenGrant,
  type UserGrantState,
} from './user-token-grants.js'

/**
 * The parts of a `/oauth/token` request the endpoint looks at.
 *
 * @example
 * ```ts
 * const request: TokenRequest = { method: 'POST', authorization: 'Basic ...', contentType: 'application/x-www-form-urlencoded',
 *   search: '', body: 'grant_type=account_credentials&account_id=emulator-account' }
 * ```
 */
export interface TokenRequest {
  method: string
  authorization: string | undefined
  contentType: string | undefined
  /** Query string without the `?`. */
  search: string
  body: string
}

/**
 * A token request's parameters, read once for both the stats and the answer.
 *
 * @example
 * ```ts
 * const { params, grantType, isJson }: TokenParams = readTokenParams(request)
 * ```
 */
export interface TokenParams {
  /** Query parameters, overridden by form-body parameters. */
  params: URLSearchParams
  /** `grant_type` as sent (also read from a JSON body, for the stats); `undefined` when absent. */
  grantType: string | undefined
  /** The body was sent as JSON, which Zoom rejects as an unsupported grant type. */
  isJson: boolean
}

/**
 * What the endpoint needs to know about the emulator.
 *
 * @example
 * ```ts
 * const state: TokenEndpointState = { url, accountId, clientId, clientSecret, scopes, tokenTtlSeconds: 3600,
 *   tokens: new TokenRegistry(), onIssued: () => stats.tokensIssued++ }
 * ```
 */
export interface TokenEndpointState {
  readonly url: string
  readonly accountId: string
  readonly clientId: string
  readonly clientSecret: string
  readonly scopes: readonly string[]
  readonly tokenTtlSeconds: number
  readonly tokens: TokenRegistry
  /** Called once per issued token. */
  onIssued(): void
  /** The user-level OAuth grants (`authorization_code`, `refresh_token`). */
  readonly userGrants: UserGrantState
}

/**
 * Zoom's answers, byte for byte where Zoom's are known.
 *
 * @example
 * ```ts
 * jsonReply(400, TOKEN_ERRORS.invalidClient) // { reason: 'Invalid client_id or client_secret', error: 'invalid_client' }
 * ```
 */
export const TOKEN_ERRORS = {
  unsupportedGrant: { reason: 'unsupported grant type', error: 'unsupported_grant_type' },
  invalidClient: { reason: 'Invalid client_id or client_secret', error: 'invalid_client' },
  missingGrant: { reason: 'Missing grant_type', error: 'invalid_request' },
  missingAccount: { reason: 'Missing account_id', error: 'invalid_request' },
  invalidAccount: { reason: 'Invalid account_id', error: 'invalid_request' },
  methodNotAllowed: { reason: 'Method Not Allowed', error: 'invalid_request' },
} as const

/**
 * Reads the parameters of a token request from a form body and/or the query string.
 *
 * @example
 * ```ts
 * readTokenParams({ method: 'POST', authorization, contentType: 'application/x-www-form-urlencoded',
 *   search: '', body: 'grant_type=account_credentials&account_id=a' }).grantType // 'account_credentials'
 * ```
 */
export function readTokenParams(request: TokenRequest): TokenParams {
  const params = new URLSearchParams(request.search)
  const mediaType = (request.contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? ''
  const isJson = mediaType === 'application/json' || mediaType.endsWith('+json')
  if (isJson) {
    return { params, grantType: params.get('grant_type') ?? grantTypeOfJson(request.body), isJson }
  }
  if (
    mediaType === 'application/x-www-form-urlencoded' ||
    (mediaType === '' && request.body !== '')
  ) {
    for (const [name, value] of new URLSearchParams(request.body)) params.set(name, value)
  }
  return { params, grantType: params.get('grant_type') ?? undefined, isJson }
}

/**
 * Answers a token request as Zoom does: `account_credentials` (Zoom Server-to-Server OAuth),
 * `authorization_code` and `refresh_token` (user-level OAuth) and, for other OAuth libraries,
 * the generic `client_credentials` grant.
 *
 * @see https://developers.zoom.us/docs/internal-apps/s2s-oauth/
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 * @example
 * ```ts
 * const reply = answerTokenRequest(state, request, readTokenParams(request))
 * reply.status // 200, or 400 with { reason, error }
 * ```
 */
export function answerTokenRequest(
  state: TokenEndpointState,
  request: TokenRequest,
  { params, grantType, isJson }: TokenParams,
): Reply {
  if (request.method !== 'POST') {
    return jsonReply(405, TOKEN_ERRORS.methodNotAllowed, { allow: 'POST' })
  }
  if (isJson) return jsonReply(400, TOKEN_ERRORS.unsupportedGrant)

  const client =
    basicClient(request.authorization) ??
    (grantType === 'client_credentials' ? bodyClient(params) : undefined)
  if (client === undefined || !isClient(client, state)) {
    return jsonReply(400, TOKEN_ERRORS.invalidClient)
  }

  switch (grantType) {
    case undefined:
      return jsonReply(400, TOKEN_ERRORS.missingGrant)
    case 'account_credentials': {
      const accountId = params.get('account_id')
      if (accountId === null || accountId === '') return jsonReply(400, TOKEN_ERRORS.missingAccount)
      if (accountId !== state.accountId) return jsonReply(400, TOKEN_ERRORS.invalidAccount)
      return issue(state, state.scopes, { api_url: state.url })
    }
    case 'client_credentials': {
      const requested = (params.get('scope') ?? '').split(' ').filter((scope) => scope !== '')
      const unknown = requested.filter((scope) => !state.scopes.includes(scope))
      if (unknown.length > 0) {
        return jsonReply(400, {
          reason: `Invalid scope: ${unknown.join(' ')}`,
          error: 'invalid_scope',
        })
      }
      return issue(state, requested.length > 0 ? requested : state.scopes, {})
    }
    case 'authorization_code':
      return answerAuthorizationCodeGrant(state.userGrants, params)
    case 'refresh_token':
      return answerRefreshTokenGrant(state.userGrants, params)
    default:
      return jsonReply(400, TOKEN_ERRORS.unsupportedGrant)
  }
}

function issue(state: TokenEndpointState, scopes: readonly string[], extra: object): Reply {
  const accessToken = state.tokens.issue(state.tokenTtlSeconds, scopes)
  state.onIssued()
  return jsonReply(
    200,
    {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: state.tokenTtlSeconds,
      scope: scopes.join(' '),
      ...extra,
    },
    NO_STORE,
  )
}

function bodyClient(params: URLSearchParams): Client | undefined {
  const id = params.get('client_id')
  const secret = params.get('client_secret')
  return id === null || secret === null ? undefined : { id, secret }
}

function grantTypeOfJson(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body)
    if (typeof parsed === 'object' && parsed !== null && 'grant_type' in parsed) {
      return typeof parsed.grant_type === 'string' ? parsed.grant_type : undefined
    }
  } catch {
    // Not JSON after all: it is rejected all the same.
  }
  return undefined
}
