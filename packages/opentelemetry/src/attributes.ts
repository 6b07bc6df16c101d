/**
 * The names of what this package records, in one place: span and metric attributes follow
 * OpenTelemetry's semantic conventions where one applies (`error.type`, `server.address`,
 * `http.response.status_code`, `http.request.resend_count`), else the `zoom_auth.` namespace.
 */

/** The strategy's id: `zoom:<fingerprint>`, `oauth:<fingerprint>`, `zoom-user:<user key>`. */
export const ATTR_STRATEGY = 'zoom_auth.strategy'
/** getToken: `cache_hit`, `joined`, `from_store`, `waited`, `fetched`, `cooldown`, `rejected`; replay: `resend`, `cannot_resend`. */
export const ATTR_OUTCOME = 'zoom_auth.outcome'
/** A refresh ahead of expiry that no caller waits for. */
export const ATTR_BACKGROUND = 'zoom_auth.background'
export const ATTR_FORCE_REFRESH = 'zoom_auth.force_refresh'
/** A cache hit that started a background refresh. */
export const ATTR_REFRESH_STARTED = 'zoom_auth.refresh_started'
export const ATTR_TOKEN_AGE_MS = 'zoom_auth.token.age_ms'
export const ATTR_TOKEN_EXPIRES_IN_MS = 'zoom_auth.token.expires_in_ms'
export const ATTR_COOLDOWN_MS = 'zoom_auth.cooldown_ms'
/** 1 for the first attempt at the token endpoint. */
export const ATTR_ATTEMPT = 'zoom_auth.attempt'
export const ATTR_RETRY_AFTER_MS = 'zoom_auth.retry_after_ms'
/** The `ZoomAuthError` code of a failure (`invalid_client`, `rate_limited`…). */
export const ATTR_ERROR_TYPE = 'error.type'
export const ATTR_SERVER_ADDRESS = 'server.address'
export const ATTR_HTTP_STATUS = 'http.response.status_code'
/** Set to 1 on the span active where a call replays after a 401, as HTTP semconv asks of a resend. */
export const ATTR_RESEND_COUNT = 'http.request.resend_count'

/**
 * The strategy as a metric attribute: a user-level app has one provider per user, so its ids
 * (`zoom-user:<key>`) are folded into one value — a series per user would be unbounded. Spans keep
 * the full id.
 */
export function strategyForMetrics(strategy: string): string {
  return strategy.startsWith('zoom-user:') ? 'zoom-user' : strategy
}
