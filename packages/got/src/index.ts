export { zoomAuth } from './zoom-auth.js'
export type { ZoomAuthExtendOptions } from './types.js'

// Re-exported so users of this adapter install one package.
export {
  ZoomAuthError,
  isZoomAuthError,
  zoomTokenProvider,
  createTokenProvider,
  accountCredentials,
  clientCredentials,
  createMemoryTokenStore,
  DEFAULT_ZOOM_API_HOSTS,
} from '@zoom-auth/core'
export type {
  AccessToken,
  AdapterInput,
  AdapterOptions,
  TokenProvider,
  TokenProviderOptions,
  TokenStore,
  TokenStrategy,
  ZoomAuthErrorCode,
  ZoomAuthEvent,
  ZoomCredentials,
  ZoomTokenProviderOptions,
} from '@zoom-auth/core'
