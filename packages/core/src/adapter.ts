/**
 * `@zoom-auth/core/adapter`: the pieces for writing an adapter (or a store) on top of core. Apps never
 * need them; they import from `@zoom-auth/core` or an adapter package.
 *
 * @packageDocumentation
 */

// Argument checks: TypeErrors with Node's code, the same messages and limits as core's own options.
export {
  ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE,
  MAX_TIMER_MS,
  assertBoolean,
  assertFunction,
  assertOptionalFunction,
  assertOptionsObject,
  durationMs,
  invalidArgType,
  invalidArgValue,
} from './assert.js'
export type { InvalidArgumentCode } from './assert.js'

// One API call's auth: the authorizer starts it, the call carries the token, redirects and the replay.
export { createAuthorizer, resolveTokenProvider } from './call/authorizer.js'
export type { Authorizer } from './call/authorizer.js'
export { AuthorizedCall } from './call/authorized-call.js'
export type { Replay } from './call/authorized-call.js'

// The body-replay contract: resend as is, a bounded copy, or cannot.
export {
  bodyReplay,
  cannotResend,
  classifyBody,
  resendAsIs,
  DEFAULT_MAX_REPLAY_BODY_BYTES,
} from './call/body-replay.js'
export type { BodyKind, BodyReplay } from './call/body-replay.js'

// For clients built on fetch's Request and Response (fetch, ky): the token in init's headers, never
// on the Request; the body a Request holds, copied for a replay; the 401's body drained for reuse.
export { headersWithToken } from './call/headers-with-token.js'
export { requestBodyReplay } from './call/request-body-replay.js'
export { discardResponse } from './call/discard-response.js'

// Keeping tokens out of errors and logs.
export { redactAuthorization, REDACTED } from './redact.js'
export { scrubCredentials } from './scrub.js'
export { parseUrl } from './parse-url.js'

// Building blocks of strategies and of the provider's timing, for strategies of your own.
export { isTokenProvider } from './zoom-token-provider.js'
export { parseTokenResponse } from './parse-token-response.js'
export { parseRetryAfter } from './retry-after.js'
export { tokenTiming, tokenFreshness } from './token-timing.js'
export type { TokenTiming, TokenFreshness, TimingWindows } from './token-timing.js'
