import { assertOptionsObject } from './assert.js'
import { accountCredentials } from './strategies/account-credentials.js'
import { createTokenProvider } from './token-provider.js'
import type { TokenProvider, TokenProviderOptions, ZoomCredentials } from './types.js'

/** Options of {@link zoomTokenProvider}: the app's credentials, where Zoom lives, and provider options. */
export interface ZoomTokenProviderOptions extends ZoomCredentials, TokenProviderOptions {
  /** Default `https://zoom.us`; `https://zoomgov.com` for Zoom for Government. */
  oauthBaseUrl?: string
}

/**
 * A token provider for a Zoom Server-to-Server OAuth app: {@link createTokenProvider} with the
 * {@link accountCredentials} strategy.
 *
 * @example
 * ```ts
 * const provider = zoomTokenProvider({
 *   accountId: process.env.ZOOM_ACCOUNT_ID!,
 *   clientId: process.env.ZOOM_CLIENT_ID!,
 *   clientSecret: process.env.ZOOM_CLIENT_SECRET!,
 * })
 * const { accessToken } = await provider.getToken()
 * ```
 */
export function zoomTokenProvider(options: ZoomTokenProviderOptions): TokenProvider {
  assertOptionsObject(
    options,
    'zoom-auth: zoomTokenProvider needs { accountId, clientId, clientSecret }',
  )
  const { accountId, clientId, clientSecret, oauthBaseUrl, ...providerOptions } = options
  const strategy = accountCredentials(
    { accountId, clientId, clientSecret },
    oauthBaseUrl === undefined ? {} : { oauthBaseUrl },
  )
  return createTokenProvider(strategy, providerOptions)
}

/**
 * True for an object that can serve as a token provider (ours, or one built to the interface).
 *
 * @example
 * ```ts
 * const provider = isTokenProvider(input) ? input : zoomTokenProvider(input)
 * ```
 */
export function isTokenProvider(value: unknown): value is TokenProvider {
  const candidate = value as Partial<TokenProvider> | null
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.getToken === 'function' &&
    typeof candidate.invalidate === 'function'
  )
}
