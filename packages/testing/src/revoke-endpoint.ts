import { basicClient, isClient } from './client-auth.js'
import { jsonReply, type Reply } from './reply.js'
import { readTokenParams, TOKEN_ERRORS, type TokenRequest } from './token-endpoint.js'
import type { TokenRegistry } from './token-registry.js'
import type { EmulatorStats } from './types.js'
import type { UserGrants } from './user-grants.js'

/**
 * What `/oauth/revoke` needs to know about the emulator.
 *
 * @example
 * ```ts
 * const state: RevokeState = { clientId, clientSecret, tokens, grants, stats }
 * ```
 */
export interface RevokeState {
  readonly clientId: string
  readonly clientSecret: string
  readonly tokens: TokenRegistry
  readonly grants: UserGrants
  readonly stats: EmulatorStats
}

/**
 * Zoom's answers at `/oauth/revoke`.
 *
 * @example
 * ```ts
 * jsonReply(200, REVOKE_ANSWERS.success) // { status: 'success' }
 * ```
 */
export const REVOKE_ANSWERS = {
  success: { status: 'success' },
  missingToken: { reason: 'Missing token', error: 'invalid_request' },
  /** Zoom's answer to a dead token is not documented: the emulator refuses it, the worse case. */
  invalidToken: { reason: 'Invalid Token!', error: 'invalid_request' },
} as const

/**
 * `POST /oauth/revoke` with Basic client auth and a form body `token=<access or refresh token>`:
 * revokes the user's grant that token belongs to (every access token of it and its refresh
 * token), or a Server-to-Server access token alone. The caller counts the request (faults too).
 *
 * @see https://developers.zoom.us/docs/integrations/oauth/#revoking-an-access-token
 * @example
 * ```ts
 * answerRevokeRequest(state, request).body // { status: 'success' }
 * ```
 */
export function answerRevokeRequest(state: RevokeState, request: TokenRequest): Reply {
  if (request.method !== 'POST') {
    return jsonReply(405, TOKEN_ERRORS.methodNotAllowed, { allow: 'POST' })
  }
  const client = basicClient(request.authorization)
  if (client === undefined || !isClient(client, state)) {
    return jsonReply(400, TOKEN_ERRORS.invalidClient)
  }
  const { params, isJson } = readTokenParams(request)
  const token = isJson ? null : params.get('token')
  if (token === null || token === '') return jsonReply(400, REVOKE_ANSWERS.missingToken)

  if (state.grants.revoke(token)) {
    state.stats.revocations++
    return jsonReply(200, REVOKE_ANSWERS.success)
  }
  // A Server-to-Server token belongs to no grant: it is revoked alone.
  if (state.tokens.has(token)) {
    state.tokens.revoke(token)
    state.stats.revocations++
    return jsonReply(200, REVOKE_ANSWERS.success)
  }
  return jsonReply(400, REVOKE_ANSWERS.invalidToken)
}
