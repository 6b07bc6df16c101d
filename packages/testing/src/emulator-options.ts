import type { ZoomEmulatorOptions, ZoomEmulatorUser } from './types.js'
import { DEFAULT_USER_ID } from './user-directory.js'

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
  /** Checked for shape only; defaults and duplicate ids are the user directory's. */
  users: readonly ZoomEmulatorUser[]
  /** `undefined`: any loopback http(s) URL. */
  redirectUris: readonly string[] | undefined
  authorizationCodeTtlSeconds: number
  /** `undefined`: refresh tokens never expire. */
  refreshTokenTtlSeconds: number | undefined
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
  users: [{ id: DEFAULT_USER_ID }],
  authorizationCodeTtlSeconds: 300,
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
    users: checkUsers(options.users ?? DEFAULT_EMULATOR_OPTIONS.users),
    redirectUris:
      options.redirectUris === undefined ? undefined : checkRedirectUris(options.redirectUris),
    authorizationCodeTtlSeconds: checkSeconds(
      'authorizationCodeTtlSeconds',
      options.authorizationCodeTtlSeconds ?? DEFAULT_EMULATOR_OPTIONS.authorizationCodeTtlSeconds,
    ),
    refreshTokenTtlSeconds:
      options.refreshTokenTtlSeconds === undefined
        ? undefined
        : checkSeconds('refreshTokenTtlSeconds', options.refreshTokenTtlSeconds),
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
  return checkSeconds('tokenTtlSeconds', seconds)
}

function checkSeconds(name: string, seconds: number): number {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw new TypeError(`"${name}" must be a finite number >= 0, got ${String(seconds)}`)
  }
  return seconds
}

function checkUsers(users: readonly ZoomEmulatorUser[]): readonly ZoomEmulatorUser[] {
  // At least one, so that an authorization with nothing queued has someone to approve as.
  if (!Array.isArray(users) || users.length === 0) {
    throw new TypeError('"users" must be a non-empty array of { id, accountId?, email? }')
  }
  return [...users]
}

function checkRedirectUris(uris: readonly string[]): readonly string[] {
  if (!Array.isArray(uris) || uris.length === 0) {
    throw new TypeError('"redirectUris" must be a non-empty array of absolute URLs')
  }
  for (const uri of uris) {
    if (typeof uri !== 'string' || !URL.canParse(uri)) {
      throw new TypeError(`"redirectUris" must hold absolute URLs, got ${String(uri)}`)
    }
  }
  return [...uris]
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
