/**
 * Every way obtaining or using a token can fail that is not the caller's mistake.
 * Caller mistakes (a missing accountId, a malformed URL) throw `TypeError` at construction instead.
 */
export type ZoomAuthErrorCode =
  | 'invalid_client'
  | 'invalid_request'
  | 'rate_limited'
  | 'server_error'
  | 'network_error'
  | 'timeout'
  | 'invalid_response'
  | 'aborted'
  | 'closed'
  | 'insecure_url'
  | 'reauthorization_required'

/** Details kept on a {@link ZoomAuthError}; none of them ever holds a secret or a token. */
export interface ZoomAuthErrorDetails {
  /** HTTP status of the token endpoint's answer. */
  status?: number
  /** The OAuth `error` field of the endpoint's answer, e.g. `invalid_client`. */
  error?: string
  /** Zoom's human-readable `reason` (or `error_description`). */
  reason?: string
  /** How many token-endpoint attempts were made. */
  attempts?: number
  /** How long the endpoint asked us to wait (`Retry-After`), in ms. */
  retryAfterMs?: number
  /** Zoom's `x-zm-trackingid`, which Zoom support asks for. */
  trackingId?: string
  /** The user whose grant is gone (`reauthorization_required`): the app's key, never a token. */
  userKey?: string
  cause?: unknown
}

/**
 * The one error class of zoom-auth. Switch on `code` to handle each failure.
 *
 * @example
 * ```ts
 * try {
 *   await provider.getToken()
 * } catch (error) {
 *   if (isZoomAuthError(error) && error.code === 'invalid_client') console.error('check the client secret')
 * }
 * ```
 */
export class ZoomAuthError extends Error {
  override readonly name = 'ZoomAuthError'
  readonly code: ZoomAuthErrorCode
  declare readonly status?: number
  declare readonly error?: string
  declare readonly reason?: string
  declare readonly attempts?: number
  declare readonly retryAfterMs?: number
  declare readonly trackingId?: string
  declare readonly userKey?: string

  constructor(code: ZoomAuthErrorCode, message: string, details: ZoomAuthErrorDetails = {}) {
    const { cause, ...fields } = details
    super(message, cause === undefined ? undefined : { cause })
    this.code = code
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) Object.defineProperty(this, key, { value, enumerable: true })
    }
  }

  /** A copy with some fields changed (errors handed to callers are never mutated). */
  derive(
    patch: { code?: ZoomAuthErrorCode; message?: string } & Omit<ZoomAuthErrorDetails, 'cause'>,
  ): ZoomAuthError {
    const { code = this.code, message = this.message, ...details } = patch
    return new ZoomAuthError(code, message, { ...this.details(), ...details, cause: this.cause })
  }

  /** The structured fields, for logging. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, ...this.details() }
  }

  private details(): Omit<ZoomAuthErrorDetails, 'cause'> {
    const details: Omit<ZoomAuthErrorDetails, 'cause'> = {}
    if (this.status !== undefined) details.status = this.status
    if (this.error !== undefined) details.error = this.error
    if (this.reason !== undefined) details.reason = this.reason
    if (this.attempts !== undefined) details.attempts = this.attempts
    if (this.retryAfterMs !== undefined) details.retryAfterMs = this.retryAfterMs
    if (this.trackingId !== undefined) details.trackingId = this.trackingId
    if (this.userKey !== undefined) details.userKey = this.userKey
    return details
  }
}

/**
 * True for a {@link ZoomAuthError}, also one thrown by another copy of this package
 * (checks the name and code, not only `instanceof`).
 *
 * @example
 * ```ts
 * if (isZoomAuthError(error)) console.error(error.code)
 * ```
 */
export function isZoomAuthError(value: unknown): value is ZoomAuthError {
  return (
    value instanceof ZoomAuthError ||
    (value instanceof Error &&
      value.name === 'ZoomAuthError' &&
      typeof (value as { code?: unknown }).code === 'string')
  )
}

/**
 * The error of every call a closed provider can no longer answer (also one that was waiting when
 * it closed).
 *
 * @example
 * ```ts
 * if (closed.aborted) throw closedError()
 * ```
 */
export function closedError(): ZoomAuthError {
  return new ZoomAuthError('closed', 'the token provider was closed')
}

/**
 * The error of a caller that stopped waiting for a token through its own signal.
 *
 * @example
 * ```ts
 * signal.addEventListener('abort', () => reject(abortedError(signal.reason)), { once: true })
 * ```
 */
export function abortedError(reason: unknown): ZoomAuthError {
  return new ZoomAuthError('aborted', 'the caller aborted while waiting for a token', {
    cause: reason,
  })
}
