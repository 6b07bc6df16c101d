import type { AuthorizationCodes } from './authorization-codes.js'
import { verifiesChallenge } from './pkce.js'
import { jsonReply, NO_STORE, type Reply } from './reply.js'
import { countFor } from './stats.js'
import type { EmulatorStats } from './types.js'
import type { UserDirectory } from './user-directory.js'
import type { UserGrants, UserTokens } from './user-grants.js'

/**
 * What the user-level grants need to know about the emulator.
 *
 * @example
 * ```ts
 * const state: UserGrantState = { url, codes, grants, users, stats }
 * ```
 */
export interface UserGrantState {
  /** `api_url` of the answers. */
  readonly url: string
  readonly codes: AuthorizationCodes
  readonly grants: UserGrants
  readonly users: UserDirectory
  readonly stats: EmulatorStats
  /** The scopes every user's token carries. */
  readonly scopes: readonly string[]
  /** `expires_in` of the access tokens issued from now on. */
  readonly tokenTtlSeconds: number
}

/**
 * Zoom's answers to user-level grants that fail.
 *
 * @example
 * ```ts
 * jsonReply(400, USER_GRANT_ERRORS.invalidToken) // { reason: 'Invalid Token!', error: 'invalid_grant' }
 * ```
 */
export const USER_GRANT_ERRORS = {
  /** A refresh token already rotated, revoked, expired, or never issued (seen from Zoom). */
  invalidToken: { reason: 'Invalid Token!', error: 'invalid_grant' },
  invalidCode: { reason: 'Invalid authorization code', error: 'invalid_grant' },
  /** Zoom's error 4709: `redirect_uri` differs from the authorize request's. */
  redirectMismatch: { reason: 'Redirect URI mismatch', error: 'invalid_request' },
  invalidVerifier: { reason: 'Invalid code_verifier', error: 'invalid_grant' },
  missingCode: { reason: 'Missing code', error: 'invalid_request' },
  missingRefreshToken: { reason: 'Missing refresh_token', error: 'invalid_request' },
} as const

/**
 * `grant_type=authorization_code`: spends the code (any attempt does, a failed one too), checks
 * `redirect_uri` against the authorize request's and the PKCE verifier, and answers a new pair.
 *
 * @see https://developers.zoom.us/docs/integrations/oauth/
 * @example
 * ```ts
 * answerAuthorizationCodeGrant(state, new URLSearchParams({ code, redirect_uri, code_verifier })).status // 200
 * ```
 */
export function answerAuthorizationCodeGrant(
  state: UserGrantState,
  params: URLSearchParams,
): Reply {
  const code = params.get('code')
  if (code === null || code === '') return jsonReply(400, USER_GRANT_ERRORS.missingCode)
  const grant = state.codes.redeem(code)
  if (grant === undefined) return jsonReply(400, USER_GRANT_ERRORS.invalidCode)
  if (params.get('redirect_uri') !== grant.redirectUri) {
    return jsonReply(400, USER_GRANT_ERRORS.redirectMismatch)
  }
  if (grant.pkce !== undefined) {
    const verifier = params.get('code_verifier')
    if (
      verifier === null ||
      !verifiesChallenge(verifier, grant.pkce.challenge, grant.pkce.method)
    ) {
      return jsonReply(400, USER_GRANT_ERRORS.invalidVerifier)
    }
  }
  // The user may have been removed between the authorization and the exchange.
  if (state.users.get(grant.userId) === undefined) {
    return jsonReply(400, USER_GRANT_ERRORS.invalidCode)
  }
  const tokens = state.grants.issue(grant.userId, state.scopes)
  state.stats.authorizationCodeGrants++
  return pairReply(state, tokens)
}

/**
 * `grant_type=refresh_token`, with Zoom's rotation: a new refresh token in the answer, the one
 * presented dead from then on. A dead one gets 400 `{"reason":"Invalid Token!","error":"invalid_grant"}`.
 *
 * @example
 * ```ts
 * answerRefreshTokenGrant(state, new URLSearchParams({ refresh_token })).status // 200, then 400
 * ```
 */
export function answerRefreshTokenGrant(state: UserGrantState, params: URLSearchParams): Reply {
  const refreshToken = params.get('refresh_token')
  if (refreshToken === null || refreshToken === '') {
    return jsonReply(400, USER_GRANT_ERRORS.missingRefreshToken)
  }
  const outcome = state.grants.refresh(refreshToken)
  if (!outcome.ok) {
    state.stats.deadRefreshTokenPresentations++
    if (outcome.userId !== undefined) {
      countFor(state.stats.deadRefreshTokenPresentationsByUser, outcome.userId)
    }
    return jsonReply(400, USER_GRANT_ERRORS.invalidToken)
  }
  state.stats.refreshGrants++
  countFor(state.stats.refreshGrantsByUser, outcome.tokens.userId)
  return pairReply(state, outcome.tokens)
}

function pairReply(state: UserGrantState, tokens: UserTokens): Reply {
  state.stats.tokensIssued++
  return jsonReply(
    200,
    {
      access_token: tokens.accessToken,
      token_type: 'bearer',
      refresh_token: tokens.refreshToken,
      expires_in: state.tokenTtlSeconds,
      scope: tokens.scopes.join(' '),
      api_url: state.url,
    },
    NO_STORE,
  )
}
