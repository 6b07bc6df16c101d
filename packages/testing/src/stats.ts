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
  increment(stats.tokenRequestsByGrant, grantType ?? '(missing)')
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
  increment(stats.apiRequestsByRoute, `${record.method} ${pathname}`)
  if (record.status === 401) stats.unauthorized++
  stats.requests.push(record)
}

function clearCounts(counts: Record<string, number>): void {
  for (const key of Object.keys(counts)) delete counts[key]
}

// Keys come from the network (a grant type, a path): define them as own properties so a
// key such as `__proto__` is counted like any other instead of touching the prototype.
function increment(counts: Record<string, number>, key: string): void {
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
