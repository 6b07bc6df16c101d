import { parseUrl } from './parse-url.js'

/**
 * The argument checks of zoom-auth, in one place. A caller mistake is a `TypeError` thrown at
 * construction, before any request is made, carrying Node's own `code` for the kind of mistake:
 *
 * - {@link ERR_INVALID_ARG_TYPE}: the value has the wrong type (not an object, not a function, not
 *   a string, not a number…);
 * - {@link ERR_INVALID_ARG_VALUE}: the type is right, the value is not (negative, beyond what a
 *   timer can wait, an empty string, a URL that is not https…).
 *
 * Messages start with the package's name (`zoom-auth: `, `zoom-auth/redis: `) and name the option.
 *
 * @see https://nodejs.org/api/errors.html#err_invalid_arg_type
 * @packageDocumentation
 */

/**
 * `code` of a TypeError for a value of the wrong type, as Node's own functions set it.
 *
 * @example
 * ```ts
 * if (error instanceof TypeError && (error as { code?: string }).code === ERR_INVALID_ARG_TYPE) …
 * ```
 */
export const ERR_INVALID_ARG_TYPE = 'ERR_INVALID_ARG_TYPE'

/**
 * `code` of a TypeError for a value of the right type but outside what is accepted.
 *
 * @example
 * ```ts
 * expect(() => createTokenProvider(strategy, { timeoutMs: 0 })).toThrow(
 *   expect.objectContaining({ code: ERR_INVALID_ARG_VALUE }),
 * )
 * ```
 */
export const ERR_INVALID_ARG_VALUE = 'ERR_INVALID_ARG_VALUE'

/** The two `code`s a zoom-auth TypeError carries. */
export type InvalidArgumentCode = typeof ERR_INVALID_ARG_TYPE | typeof ERR_INVALID_ARG_VALUE

/**
 * The longest delay a Node timer keeps (2^31 - 1 ms, about 24.8 days): a longer one fires after
 * 1 ms instead, so every duration option is checked against it.
 *
 * @example
 * ```ts
 * setTimeout(done, Math.min(ms, MAX_TIMER_MS))
 * ```
 */
export const MAX_TIMER_MS = 2 ** 31 - 1

function coded(code: InvalidArgumentCode, message: string): TypeError {
  // An own enumerable property, as on Node's errors, so it shows in logs and survives a spread.
  return Object.assign(new TypeError(message), { code })
}

/**
 * A TypeError with code `ERR_INVALID_ARG_TYPE`, for a value of the wrong type.
 *
 * @example
 * ```ts
 * if (typeof options.prefix !== 'string') throw invalidArgType('my-store: "prefix" must be a string')
 * ```
 */
export function invalidArgType(message: string): TypeError {
  return coded(ERR_INVALID_ARG_TYPE, message)
}

/**
 * A TypeError with code `ERR_INVALID_ARG_VALUE`, for a value of the right type that is not accepted.
 *
 * @example
 * ```ts
 * if (key === '') throw invalidArgValue('my-store: the store key must be a non-empty string')
 * ```
 */
export function invalidArgValue(message: string): TypeError {
  return coded(ERR_INVALID_ARG_VALUE, message)
}

/**
 * The one "options must be an object" check: throws `ERR_INVALID_ARG_TYPE` for anything but a
 * non-null object (an array passes: it is an object whose options are all absent).
 *
 * @param message - the whole message, for a function whose first argument says more than "options"
 * @example
 * ```ts
 * export function myAdapter(options: MyOptions = {}) {
 *   assertOptionsObject(options)
 * }
 * ```
 */
export function assertOptionsObject(
  value: unknown,
  message = 'zoom-auth: options must be an object',
): asserts value is object {
  if (typeof value !== 'object' || value === null) throw invalidArgType(message)
}

/**
 * Throws `ERR_INVALID_ARG_TYPE` (`<scope>: "<name>" must be a function`) unless `value` is a function.
 *
 * @example
 * ```ts
 * assertFunction(options.onRetry, 'onRetry')
 * ```
 */
export function assertFunction(
  value: unknown,
  name: string,
  scope = 'zoom-auth',
): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') throw invalidArgType(`${scope}: "${name}" must be a function`)
}

/**
 * As {@link assertFunction}, but `undefined` (an option left out) passes too.
 *
 * @example
 * ```ts
 * assertOptionalFunction(options.onError, 'onError', 'zoom-auth/redis')
 * ```
 */
export function assertOptionalFunction(
  value: unknown,
  name: string,
  scope = 'zoom-auth',
): asserts value is ((...args: never[]) => unknown) | undefined {
  if (value !== undefined) assertFunction(value, name, scope)
}

/**
 * Throws `ERR_INVALID_ARG_TYPE` (`<scope>: "<name>" must be a boolean`) unless `value` is one;
 * `undefined` passes (an option left out).
 *
 * @example
 * ```ts
 * assertBoolean(options.retryOnUnauthorized, 'retryOnUnauthorized')
 * ```
 */
export function assertBoolean(
  value: unknown,
  name: string,
  scope = 'zoom-auth',
): asserts value is boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean')
    throw invalidArgType(`${scope}: "${name}" must be a boolean`)
}

/**
 * A duration option in ms: `fallback` when left out, else a number from `minimum` to
 * {@link MAX_TIMER_MS}. A non-number is `ERR_INVALID_ARG_TYPE`; NaN or out of range is
 * `ERR_INVALID_ARG_VALUE`.
 *
 * @example
 * ```ts
 * const timeoutMs = durationMs(options.timeoutMs, 10_000, 'timeoutMs', 1)
 * const pollMs = durationMs(options.pollIntervalMs, 50, 'pollIntervalMs', 1, 'zoom-auth/redis')
 * ```
 */
export function durationMs(
  value: unknown,
  fallback: number,
  name: string,
  minimum = 0,
  scope = 'zoom-auth',
): number {
  if (value === undefined) return fallback
  if (typeof value === 'number' && value >= minimum && value <= MAX_TIMER_MS) return value
  const message = `${scope}: "${name}" must be a number of ms from ${minimum} to 2^31 - 1`
  throw typeof value === 'number' ? invalidArgValue(message) : invalidArgType(message)
}

/**
 * A count option: `fallback` when left out, else an integer ≥ 0. A non-number is
 * `ERR_INVALID_ARG_TYPE`; a fraction, a negative or NaN is `ERR_INVALID_ARG_VALUE`.
 *
 * @example
 * ```ts
 * const limit = countOf(options.retry?.limit, 3, 'retry.limit')
 * ```
 */
export function countOf(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (Number.isInteger(value) && (value as number) >= 0) return value as number
  const message = `zoom-auth: "${name}" must be an integer ≥ 0`
  throw typeof value === 'number' ? invalidArgValue(message) : invalidArgType(message)
}

/**
 * A non-empty (not only blank) string, such as a credential. A non-string is
 * `ERR_INVALID_ARG_TYPE`; a blank one `ERR_INVALID_ARG_VALUE`.
 *
 * @example
 * ```ts
 * const clientId = requireString(options.clientId, 'clientId')
 * ```
 */
export function requireString(value: unknown, name: string): string {
  if (typeof value === 'string' && value.trim() !== '') return value
  const message = `zoom-auth: "${name}" must be a non-empty string`
  throw typeof value === 'string' ? invalidArgValue(message) : invalidArgType(message)
}

const LOOPBACK_HOSTNAMES = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

/**
 * True for hosts that never leave this machine, where plain http is acceptable.
 *
 * @example
 * ```ts
 * isLoopbackHostname(new URL('http://127.0.0.1:8080').hostname) // true
 * ```
 */
export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.test(hostname)
}

/**
 * An https URL, or http on loopback (local emulators); anything else is a caller mistake
 * (`ERR_INVALID_ARG_VALUE`; a non-string `ERR_INVALID_ARG_TYPE`).
 *
 * @example
 * ```ts
 * const tokenUrl = requireSecureUrl(options.tokenUrl, 'tokenUrl').href
 * ```
 */
export function requireSecureUrl(value: unknown, name: string): URL {
  const text = requireString(value, name)
  const url = parseUrl(text)
  if (!url) throw invalidArgValue(`zoom-auth: "${name}" must be an absolute URL`)
  const secure =
    url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHostname(url.hostname))
  if (!secure)
    throw invalidArgValue(`zoom-auth: "${name}" must use https (plain http only on loopback)`)
  return url
}
