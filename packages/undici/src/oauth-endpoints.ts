import type { AdapterInput } from '@zoom-auth/core'
import { parseUrl, type Authorizer } from '@zoom-auth/core/adapter'

/**
 * A test for the URLs of the provider's own OAuth endpoints: its token URL and, when that sits in a
 * folder (`https://zoom.us/oauth/token`), the folder's other endpoints (`/oauth/revoke`…). They pass
 * this interceptor untouched. On the global dispatcher it also carries the provider's own token
 * requests (global `fetch` is a provider's default transport): given a bearer, they would wait for
 * the very token they fetch, and they carry their own credentials.
 *
 * @example
 * ```ts
 * const isOAuthEndpoint = oauthEndpoints(authorizer, input)
 * isOAuthEndpoint('https://zoom.us/oauth/token?grant_type=account_credentials') // true
 * ```
 */
export function oauthEndpoints(
  authorizer: Authorizer,
  input: AdapterInput,
): (url: string) => boolean {
  const tokenUrl = tokenUrlOf(authorizer, input)
  const parsed = tokenUrl === undefined ? undefined : parseUrl(tokenUrl)
  if (tokenUrl === undefined || parsed === undefined) return () => false
  const folder = parsed.pathname.lastIndexOf('/') > 0 ? new URL('./', parsed).href : undefined
  return (url) =>
    url === tokenUrl ||
    url.startsWith(`${tokenUrl}?`) ||
    (folder !== undefined && url.startsWith(folder))
}

/** The token URL of the adapter's provider, or of the users of a user-level app. */
function tokenUrlOf(authorizer: Authorizer, input: AdapterInput): string | undefined {
  try {
    return authorizer.providerFor().strategy.tokenUrl
  } catch {
    // The users of a user-level app have no one provider; they name their token URL themselves.
    const { tokenUrl } = input as { tokenUrl?: unknown }
    return typeof tokenUrl === 'string' ? tokenUrl : undefined
  }
}
