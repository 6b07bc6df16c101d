import type { AuthorizationCodes } from './authorization-codes.js'
import { isPkceValue, type PkceMethod } from './pkce.js'
import type { Reply } from './reply.js'
import type { EmulatorStats } from './types.js'
import type { UserDirectory } from './user-directory.js'

/**
 * How the next authorizations are decided: approve as a given user, or decline. Queued, first in
 * first out; with nothing queued the first user approves.
 *
 * @example
 * ```ts
 * const decision: AuthorizationDecision = { kind: 'approve', userId: 'alice' }
 * ```
 */
export type AuthorizationDecision = { kind: 'approve'; userId: string } | { kind: 'deny' }

/**
 * What `/oauth/authorize` needs to know about the emulator.
 *
 * @example
 * ```ts
 * const state: AuthorizeState = { clientId, redirectUris: undefined, users, codes, decisions: [], stats }
 * ```
 */
export interface AuthorizeState {
  readonly clientId: string
  /** Exact redirect URIs accepted; `undefined`: any loopback http(s) URL. */
  readonly redirectUris: readonly string[] | undefined
  readonly users: UserDirectory
  readonly codes: AuthorizationCodes
  readonly decisions: AuthorizationDecision[]
  readonly stats: EmulatorStats
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]'])

/**
 * `GET /oauth/authorize`: the user approves at once (no page) and the browser is sent back to
 * `redirect_uri` with `code` and `state`, or with `error=access_denied` when declined. A bad
 * `client_id` or `redirect_uri` gets Zoom's error page (400 HTML), never a redirect, as RFC 6749
 * 4.1.2.1 asks: the emulator must not send anyone to an unchecked URI.
 *
 * @see https://developers.zoom.us/docs/integrations/oauth/
 * @example
 * ```ts
 * const reply = answerAuthorizeRequest(state, 'GET', 'response_type=code&client_id=…&redirect_uri=…&state=xyz')
 * reply.headers?.location // 'http://127.0.0.1:3000/callback?code=…&state=xyz'
 * ```
 */
export function answerAuthorizeRequest(
  state: AuthorizeState,
  method: string,
  search: string,
): Reply {
  state.stats.authorizeRequests++
  if (method !== 'GET' && method !== 'HEAD') {
    return { ...errorPage(405, 'Method Not Allowed'), headers: { ...HTML, allow: 'GET' } }
  }
  const params = new URLSearchParams(search)
  if (params.get('client_id') !== state.clientId) return errorPage(400, 'Invalid client_id')
  const redirectUri = params.get('redirect_uri')
  if (redirectUri === null || !isAllowedRedirect(state, redirectUri)) {
    return errorPage(400, 'Invalid redirect')
  }
  const back = (query: Record<string, string>) =>
    redirectTo(redirectUri, query, params.get('state'))

  if (params.get('response_type') !== 'code') {
    return back({ error: 'unsupported_response_type' })
  }
  const challenge = params.get('code_challenge')
  const challengeMethod = params.get('code_challenge_method')
  if (
    (challenge === null && challengeMethod !== null) ||
    (challenge !== null && !isPkceValue(challenge)) ||
    (challengeMethod !== null && challengeMethod !== 'S256' && challengeMethod !== 'plain')
  ) {
    return back({ error: 'invalid_request' })
  }

  const decision = state.decisions.shift()
  const user =
    decision === undefined
      ? state.users.first()
      : decision.kind === 'approve'
        ? state.users.get(decision.userId)
        : undefined
  if (user === undefined) {
    state.stats.authorizationsDenied++
    return back({ error: 'access_denied' })
  }
  const code = state.codes.issue({
    userId: user.id,
    redirectUri,
    pkce:
      challenge === null
        ? undefined
        : { challenge, method: (challengeMethod ?? 'plain') as PkceMethod },
  })
  state.stats.authorizationsApproved++
  return back({ code })
}

function isAllowedRedirect(state: AuthorizeState, redirectUri: string): boolean {
  if (state.redirectUris !== undefined) return state.redirectUris.includes(redirectUri)
  let url: URL
  try {
    url = new URL(redirectUri)
  } catch {
    return false
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    (LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname))
  )
}

function redirectTo(
  redirectUri: string,
  query: Record<string, string>,
  state: string | null,
): Reply {
  const location = new URL(redirectUri)
  for (const [name, value] of Object.entries(query)) location.searchParams.set(name, value)
  if (state !== null) location.searchParams.set('state', state)
  return { status: 302, body: '', headers: { location: location.href } }
}

const HTML = { 'content-type': 'text/html;charset=UTF-8' }

// Zoom shows a page ("Invalid client_id … (4,700)") rather than a JSON body or a redirect.
function errorPage(status: number, message: string): Reply {
  return {
    status,
    body: `<html><head><title>Error - Zoom</title></head><body><h1>${message}</h1><p>(4,700)</p></body></html>`,
    headers: HTML,
  }
}
