import type { EmulatorRequestRecord, EmulatorStats } from './types.js'

/**
 * A fresh, all-zero {@link EmulatorStats}.
 *
 * @example
 * ```ts
 * const stats = createStats()
 * stats.tokenRequests // 0
 * ```
 */
export function createStats(): EmulatorStats {
  return {
    tokenRequests: 0,
    tokenRequestsByGrant: {},
    tokensIssued: 0,
    apiRequests: 0,
    apiRequestsByRoute: {},
    unauthorized: 0,
    requests: [],
    authorizeRequests: 0,
    authorizationsApproved: 0,
    authorizationsDenied: 0,
    authorizationCodeGrants: 0,
    refreshGrants: 0,
    refreshGrantsByUser: {},
    refreshTokensPresentedTwice: 0,
    refreshTokensPresentedTwiceByUser: {},
    deadRefreshTokenPresentations: 0,
    deadRefreshTokenPresentationsByUser: {},
    revokeRequests: 0,
    revocations: 0,
  }
}

/**
 * Zeroes `stats` in place, so references callers hold stay live.
 *
 * @example
 * ```ts
 * clearStats(emulator.stats)
 * ```
 */
export function clearStats(stats: EmulatorStats): void {
  stats.tokenRequests = 0
  clearCounts(stats.tokenRequestsByGrant)
  stats.tokensIssued = 0
  stats.apiRequests = 0
  clearCounts(stats.apiRequestsByRoute)
  stats.unauthorized = 0
  stats.requests.length = 0
  stats.authorizeRequests = 0
  stats.authorizationsApproved = 0
  stats.authorizationsDenied = 0
  stats.authorizationCodeGrants = 0
  stats.refreshGrants = 0
  clearCounts(stats.refreshGrantsByUser)
  stats.refreshTokensPresentedTwice = 0
  clearCounts(stats.refreshTokensPresentedTwiceByUser)
  stats.deadRefreshTokenPresentations = 0
  clearCounts(stats.deadRefreshTokenPresentationsByUser)
  stats.revokeRequests = 0
  stats.revocations = 0
}

/**
 * Counts one token request under its grant type.
 *
 * @example
 * ```ts
 * recordTokenRequest(stats, 'account_credentials')
 * ```
 */
export function recordTokenRequest(stats: EmulatorStats, grantType: string | undefined): void {
  stats.tokenRequests++
  countFor(stats.tokenRequestsByGrant, grantType ?? '(missing)')
}

/**
 * Counts one API request, its route, its 401 if any, and remembers which token it used.
 *
 * @example
 * ```ts
 * recordApiRequest(stats, { method: 'GET', path: '/v2/users/me', status: 200, token }, '/v2/users/me')
 * ```
 */
export function recordApiRequest(
  stats: EmulatorStats,
  record: EmulatorRequestRecord,
  pathname: string,
): void {
  stats.apiRequests++
  countFor(stats.apiRequestsByRoute, `${record.method} ${pathname}`)
  if (record.status === 401) stats.unauthorized++
  stats.requests.push(record)
}

/**
 * Counts a refresh request's `refresh_token` on arrival: a second arrival of the same value is
 * one more `refreshTokensPresentedTwice`, for its user too when the emulator issued it.
 *
 * @example
 * ```ts
 * recordRefreshPresentation(stats, grants.notePresentation(refreshToken))
 * ```
 */
export function recordRefreshPresentation(
  stats: EmulatorStats,
  presentation: { earlier: number; userId: string | undefined },
): void {
  if (presentation.earlier === 0) return
  stats.refreshTokensPresentedTwice++
  if (presentation.userId !== undefined) {
    countFor(stats.refreshTokensPresentedTwiceByUser, presentation.userId)
  }
}

/**
 * Adds one to `counts[key]`. Keys come from the network or from users (a grant type, a path, a
 * user id): they are defined as own properties, so `__proto__` is counted like any other key
 * instead of touching the prototype.
 *
 * @example
 * ```ts
 * countFor(stats.refreshGrantsByUser, 'alice')
 * ```
 */
export function countFor(counts: Record<string, number>, key: string): void {
  if (Object.hasOwn(counts, key)) {
    counts[key] = (counts[key] ?? 0) + 1
  } else {
    Object.defineProperty(counts, key, {
      value: 1,
      writable: true,
      enumerable: true,
      configurable: true,
    })
  }
}

function clearCounts(counts: Record<string, number>): void {
  for (const key of Object.keys(counts)) delete counts[key]
}
