/**
 * `@zoom-auth/core`: what an app uses — token providers, strategies, stores, the error, the options
 * and events. Every adapter re-exports these names. Pieces for writing an adapter, a store or a
 * strategy of your own live in `@zoom-auth/core/adapter`.
 *
 * @packageDocumentation
 */
export { ZoomAuthError, isZoomAuthError } from './errors.js'
export type { ZoomAuthErrorCode, ZoomAuthErrorDetails } from './errors.js'

export { createTokenProvider } from './token-provider.js'
export { zoomTokenProvider } from './zoom-token-provider.js'
export type { ZoomTokenProviderOptions } from './zoom-token-provider.js'

export { accountCredentials } from './strategies/account-credentials.js'
export type { AccountCredentialsOptions } from './strategies/account-credentials.js'
export { clientCredentials } from './strategies/client-credentials.js'
export type { ClientCredentialsOptions } from './strategies/client-credentials.js'
export { requestTokenEndpoint } from './token-endpoint.js'

export { memoryTokenStore } from './memory-token-store.js'

export { zoomUsers } from './user/zoom-users.js'
export type { ZoomUsers, ZoomUsersOptions } from './user/zoom-users.js'
export { memoryUserTokenStore } from './user/memory-user-token-store.js'
export type { MemoryUserTokenStoreOptions } from './user/memory-user-token-store.js'
export type { UserGrant, UserTokenStore } from './user/user-token-store.js'
export type {
  BeginInstallOptions,
  CompleteInstallOptions,
  InstalledUser,
  InstallRedirect,
  InstallStateStore,
  ZoomUsersInstall,
  ZoomUsersInstallOptions,
} from './user/install-types.js'
export type { InstallErrorName } from './user/install-error.js'

export { DEFAULT_ZOOM_API_HOSTS } from './call/allowed-hosts.js'
export type { AdapterOptions, AdapterInput } from './call/authorizer.js'
export { EVENTS_CHANNEL_NAME } from './events.js'
export {
  GET_TOKEN_CHANNEL_NAME,
  REPLAY_CHANNEL_NAME,
  TOKEN_REQUEST_CHANNEL_NAME,
} from './tracing.js'
export type {
  GetTokenOutcome,
  GetTokenTraceContext,
  ReplayTraceContext,
  TokenRequestTraceContext,
  TraceContext,
} from './tracing.js'

export type {
  AccessToken,
  GetTokenOptions,
  RetryOptions,
  TokenGrant,
  TokenProvider,
  TokenProviderOptions,
  TokenRequestContext,
  TokenStore,
  TokenStoreLock,
  TokenStrategy,
  WaitForTokenOptions,
  ZoomAuthEvent,
  ZoomCredentials,
} from './types.js'
