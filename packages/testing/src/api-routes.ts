import { jsonReply, type Reply } from './reply.js'
import type { RateLimiter } from './rate-limiter.js'
import type { TokenRegistry } from './token-registry.js'
import { DEFAULT_USER_EMAIL, DEFAULT_USER_ID, type UserDirectory } from './user-directory.js'
import { userProfile } from './user-profile.js'

/**
 * The parts of an API request the routes look at.
 *
 * @example
 * ```ts
 * const request: ApiRequest = { method: 'GET', pathname: '/v2/users/me', search: '', contentType: undefined, body: '', token }
 * ```
 */
export interface ApiRequest {
  method: string
  /** Path without the query string, e.g. `/v2/users/me`. */
  pathname: string
  /** Query string without the `?`. */
  search: string
  contentType: string | undefined
  /** The raw body, decoded as UTF-8. */
  body: string
  /** The bearer token sent, if any. */
  token: string | undefined
}

/**
 * What the routes need to know about the emulator.
 *
 * @example
 * ```ts
 * const state: ApiState = { accountId: 'emulator-account', tokens: new TokenRegistry(), users, rateLimiter: undefined }
 * ```
 */
export interface ApiState {
  readonly accountId: string
  readonly tokens: TokenRegistry
  /** The users whose tokens act as them (`/v2/users/me`). */
  readonly users: UserDirectory
  readonly rateLimiter: RateLimiter | undefined
}

// Who a valid token acts for: its scopes, and its user for a user-level token.
interface Bearer {
  scopes: ReadonlySet<string>
  userId: string | undefined
}

/**
 * Zoom's API error bodies, as the real service sends them.
 *
 * @example
 * ```ts
 * jsonReply(401, API_ERRORS.expiredToken) // { code: 124, message: 'Access token is expired.' }
 * ```
 */
export const API_ERRORS = {
  invalidToken: { code: 124, message: 'Invalid access token.' },
  expiredToken: { code: 124, message: 'Access token is expired.' },
  noPermission: { code: 200, message: 'No permission.' },
  missingScope: {
    code: 4711,
    message: 'Invalid access token, does not contain scopes:[meeting:write:admin].',
  },
  perSecondLimit: {
    code: 429,
    message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
  },
  dailyLimit: {
    code: 429,
    message:
      'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.',
  },
} as const

const SCOPED_ROUTE_SCOPE = 'meeting:write:admin'
const DAILY_LIMIT = '100'
// Node refuses these in a header value (ERR_INVALID_CHAR); answer 400 instead of throwing.
const INVALID_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/

type Route = (state: ApiState, request: ApiRequest, bearer: Bearer) => Reply

const ROUTES = new Map<string, Route>([
  ['GET /v2/users/me', (state, _request, bearer) => me(state, bearer)],
  ['GET /v2/redirect', (_state, request) => redirect(request)],
  [
    'GET /v2/scoped',
    (_state, _request, { scopes }) =>
      scopes.has(SCOPED_ROUTE_SCOPE)
        ? jsonReply(200, { scopes: [...scopes] })
        : jsonReply(400, API_ERRORS.missingScope),
  ],
  ['GET /v2/forbidden', () => jsonReply(403, API_ERRORS.noPermission)],
  ['GET /v2/unauthorized', () => jsonReply(401, API_ERRORS.invalidToken)],
  ['GET /v2/daily-limit', () => dailyLimit()],
])

/**
 * Answers an API request: checks the bearer token, then the rate limit, then routes.
 *
 * @example
 * ```ts
 * answerApiRequest(state, { method: 'GET', pathname: '/v2/users/me', search: '', contentType: undefined,
 *   body: '', token }).status // 200, or 401 { code: 124 } for a bad token
 * ```
 */
export function answerApiRequest(state: ApiState, request: ApiRequest): Reply {
  const { method, pathname } = request
  if (pathname !== '/v2' && !pathname.startsWith('/v2/')) return notFound(request)

  const check = state.tokens.check(request.token)
  if (check.state === 'invalid') return jsonReply(401, API_ERRORS.invalidToken)
  if (check.state === 'expired') return jsonReply(401, API_ERRORS.expiredToken)

  let rateHeaders: Record<string, string> | undefined
  if (state.rateLimiter !== undefined) {
    const decision = state.rateLimiter.take()
    rateHeaders = {
      'x-ratelimit-category': 'Light',
      'x-ratelimit-limit': String(decision.limit),
      'x-ratelimit-remaining': String(decision.remaining),
    }
    if (!decision.allowed) {
      return jsonReply(429, API_ERRORS.perSecondLimit, {
        ...rateHeaders,
        'x-ratelimit-type': 'QPS',
        'retry-after': '1',
      })
    }
  }

  const route =
    pathname === '/v2/echo' || pathname.startsWith('/v2/echo/')
      ? echo
      : ROUTES.get(`${method} ${pathname}`)
  const reply = route === undefined ? notFound(request) : route(state, request, check)
  if (rateHeaders !== undefined) reply.headers = { ...rateHeaders, ...reply.headers }
  return reply
}

function echo(_state: ApiState, request: ApiRequest): Reply {
  return jsonReply(200, {
    method: request.method,
    path: request.pathname,
    query: Object.fromEntries(new URLSearchParams(request.search)),
    contentType: request.contentType ?? null,
    body: request.body,
  })
}

function redirect(request: ApiRequest): Reply {
  const to = new URLSearchParams(request.search).get('to')
  if (to === null || to === '' || INVALID_HEADER_CHAR.test(to)) {
    return jsonReply(400, {
      code: 300,
      message: 'The "to" query parameter must be a URL or a path.',
    })
  }
  return jsonReply(302, { location: to }, { location: to })
}

function dailyLimit(): Reply {
  const now = new Date()
  const nextMidnight = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
  )
  return jsonReply(429, API_ERRORS.dailyLimit, {
    'x-ratelimit-category': 'Light',
    'x-ratelimit-type': 'Daily-limit',
    'x-ratelimit-limit': DAILY_LIMIT,
    'x-ratelimit-remaining': '0',
    // Zoom's daily limit names the moment, not a number of seconds: `2020-05-31T00:00:00Z`.
    'retry-after': nextMidnight.toISOString().replace('.000Z', 'Z'),
  })
}

function notFound(request: ApiRequest): Reply {
  return jsonReply(404, {
    code: 300,
    message: `No API route matches ${request.method} ${request.pathname}.`,
  })
}

// A user-level token answers as its user; a Server-to-Server token as the account's default user.
function me(state: ApiState, bearer: Bearer): Reply {
  if (bearer.userId === undefined) {
    return jsonReply(
      200,
      userProfile({ id: DEFAULT_USER_ID, accountId: state.accountId, email: DEFAULT_USER_EMAIL }),
    )
  }
  const user = state.users.get(bearer.userId)
  // Removing a user revokes their tokens, so this is only a safety net.
  return user === undefined
    ? jsonReply(401, API_ERRORS.invalidToken)
    : jsonReply(200, userProfile(user))
}
