import type { UndiciDispatchOptions } from './types.js'

/**
 * The URL a dispatch goes to, `origin` + `path`, as text (the authorizer parses it only when it
 * must), or `undefined` when undici was given no origin (a Pool or Client of undici 6 and 7 composed
 * without one, for a request that names none): such a request passes untouched, since where it goes
 * is unknown here.
 *
 * @example
 * ```ts
 * targetUrl({ origin: 'https://api.zoom.us', path: '/v2/users/me' }) // 'https://api.zoom.us/v2/users/me'
 * ```
 */
export function targetUrl(
  options: UndiciDispatchOptions,
  composedOrigin?: unknown,
): string | undefined {
  const { path } = options
  if (typeof path !== 'string') return undefined
  const origin = options.origin ?? composedOrigin
  const base =
    typeof origin === 'string' ? origin : origin instanceof URL ? origin.origin : undefined
  if (base === undefined || base === '') return undefined
  return base.endsWith('/') && path.startsWith('/') ? base + path.slice(1) : base + path
}

/**
 * The dispatch's `signal` when it is an `AbortSignal` (undici also takes an EventEmitter, which a
 * token wait can't listen to), so an abort also ends the wait for a token.
 *
 * @example
 * ```ts
 * const call = await authorizer.authorize(url, abortSignalOf(options))
 * ```
 */
export function abortSignalOf(options: UndiciDispatchOptions): AbortSignal | undefined {
  const { signal } = options
  if (typeof signal !== 'object' || signal === null) return undefined
  const candidate = signal as Partial<AbortSignal>
  return typeof candidate.aborted === 'boolean' && typeof candidate.addEventListener === 'function'
    ? (signal as AbortSignal)
    : undefined
}
