import { ZoomAuthError, type ZoomAuthErrorDetails } from '../errors.js'

/**
 * The `error` of a failed install that zoom-auth itself names (Zoom's own `error` values, such as
 * `invalid_grant`, come through as Zoom sent them):
 *
 * - `access_denied`: the user declined on Zoom's page;
 * - `invalid_state`: the callback's `state` is missing, tampered with, made by another app or
 *   another `stateSecret`, already used (with an `installStateStore`), or made for another session
 *   (`binding`);
 * - `state_expired`: the state is older than `stateTtlMs`;
 * - `identify_failed`: `GET /v2/users/me` refused the new token (scope missing, say).
 *
 * @example
 * ```ts
 * if (isZoomAuthError(error) && error.error === 'access_denied') showDeclinedPage()
 * ```
 */
export type InstallErrorName =
  'access_denied' | 'invalid_state' | 'state_expired' | 'identify_failed'

/**
 * A failed install: a {@link ZoomAuthError} `invalid_request` whose `error` says what failed.
 *
 * @example
 * ```ts
 * throw installError('invalid_state', 'the callback carries no state')
 * ```
 */
export function installError(
  error: InstallErrorName | (string & {}),
  message: string,
  details: Pick<ZoomAuthErrorDetails, 'reason' | 'status' | 'trackingId'> = {},
): ZoomAuthError {
  return new ZoomAuthError('invalid_request', `install failed: ${message}`, {
    // An `error` from the query string is anyone's text: kept to an identifier's characters.
    error: error.replace(/[^\w.-]/g, '?').slice(0, 100),
    ...details,
  })
}
