import type { ZoomEmulatorOptions } from './types.js'

/**
 * {@link ZoomEmulatorOptions} with every default applied and every value checked.
 *
 * @example
 * ```ts
 * const settings: NormalizedEmulatorOptions = normalizeEmulatorOptions({ port: 9000 })
 * ```
 */
export interface NormalizedEmulatorOptions {
  port: number
  accountId: string
  clientId: string
  clientSecret: string
  tokenTtlSeconds: number
  scopes: readonly string[]
  rateLimit: { limit: number; windowMs: number } | undefined
}

/**
 * Credentials and scopes used when the caller gives none.
 *
 * @example
 * ```ts
 * DEFAULT_EMULATOR_OPTIONS.clientId // 'emulator-client'
 * ```
 */
export const DEFAULT_EMULATOR_OPTIONS = {
  accountId: 'emulator-account',
  clientId: 'emulator-client',
  clientSecret: 'emulator-secret',
  tokenTtlSeconds: 3600,
  scopes: ['user:read:admin', 'meeting:read:admin'],
  rateLimitWindowMs: 1000,
} as const

/**
 * Applies defaults and throws `TypeError` at once on a caller mistake (a negative TTL, a bad port).
 *
 * @example
 * ```ts
 * normalizeEmulatorOptions({ tokenTtlSeconds: 60 }).clientId // 'emulator-client'
 * ```
 */
export function normalizeEmulatorOptions(
  options: ZoomEmulatorOptions = {},
): NormalizedEmulatorOptions {
  const port = options.port ?? 0
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`"port" must be an integer from 0 to 65535, got ${String(port)}`)
  }
  const rateLimit = options.rateLimit
  if (rateLimit !== undefined) {
    if (!Number.isInteger(rateLimit.limit) || rateLimit.limit < 0) {
      throw new TypeError('"rateLimit.limit" must be a non-negative integer')
    }
    const windowMs = rateLimit.windowMs ?? DEFAULT_EMULATOR_OPTIONS.rateLimitWindowMs
    if (!Number.isFinite(windowMs) || windowMs <= 0) {
      throw new TypeError('"rateLimit.windowMs" must be a positive number')
    }
  }
  return {
    port,
    accountId: nonEmpty('accountId', options.accountId ?? DEFAULT_EMULATOR_OPTIONS.accountId),
    clientId: nonEmpty('clientId', options.clientId ?? DEFAULT_EMULATOR_OPTIONS.clientId),
    clientSecret: nonEmpty(
      'clientSecret',
      options.clientSecret ?? DEFAULT_EMULATOR_OPTIONS.clientSecret,
    ),
    tokenTtlSeconds: checkTokenTtl(
      options.tokenTtlSeconds ?? DEFAULT_EMULATOR_OPTIONS.tokenTtlSeconds,
    ),
    scopes: checkScopes(options.scopes ?? DEFAULT_EMULATOR_OPTIONS.scopes),
    rateLimit:
      rateLimit === undefined
        ? undefined
        : {
            limit: rateLimit.limit,
            windowMs: rateLimit.windowMs ?? DEFAULT_EMULATOR_OPTIONS.rateLimitWindowMs,
          },
  }
}

/**
 * Checks a token lifetime in seconds: a finite number, zero or more (zero issues already-expired tokens).
 *
 * @example
 * ```ts
 * checkTokenTtl(3600) // 3600
 * ```
 */
export function checkTokenTtl(seconds: number): number {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw new TypeError(`"tokenTtlSeconds" must be a finite number >= 0, got ${String(seconds)}`)
  }
  return seconds
}

function checkScopes(scopes: readonly string[]): readonly string[] {
  if (
    !Array.isArray(scopes) ||
    scopes.some((scope) => typeof scope !== 'string' || /\s/.test(scope) || scope === '')
  ) {
    throw new TypeError('"scopes" must be an array of non-empty strings without spaces')
  }
  return [...scopes]
}

function nonEmpty(name: string, value: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`"${name}" must be a non-empty string`)
  }
  return value
}
