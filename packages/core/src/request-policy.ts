import { ZoomAuthError, isZoomAuthError } from './errors.js'
import { parseUrl } from './parse-url.js'
import { isLoopbackHostname } from './strategies/validate.js'
import { emitProviderEvent } from './token-provider.js'
import {
  isTokenProvider,
  zoomTokenProvider,
  type ZoomTokenProviderOptions,
} from './zoom-token-provider.js'
import type { AccessToken, TokenProvider } from './types.js'

/** Options every adapter's `zoomAuth(input, options)` takes. */
export interface AdapterOptions {
  /**
   * Where the token may go. A string matches `URL.host` exactly (`host` or `host:port`), a RegExp is
   * tested against it. Default: api.zoom.us, fileapi.zoom.us, api.zoomgov.com, fileapi.zoomgov.com,
   * the token endpoint's host and the token's `api_url` host.
   */
  hosts?: Array<string | RegExp>
  /** One replay after a 401 with a new token. Default true. */
  retryOnUnauthorized?: boolean
}

/** What every adapter's `zoomAuth` accepts: a shared provider, or credentials to make its own. */
export type AdapterInput = TokenProvider | ZoomTokenProviderOptions

/**
 * The rules every adapter applies, in one place: which URLs get the token, when a response earns a
 * replay, and what a replay does to the cache. Adapters only translate their client's hooks into
 * calls of this.
 */
export interface RequestPolicy {
  readonly provider: TokenProvider
  /**
   * The access token to send to `url`, or `undefined` when the token must not go there (the request
   * passes through untouched; so does a URL that doesn't parse). Rejects with `insecure_url` for plain http to an allowed non-loopback
   * host, and with the provider's `ZoomAuthError` when no token can be had. When `signal` aborts
   * the wait it rejects with the signal's reason, as the HTTP clients themselves do for an abort.
   */
  tokenFor(url: string | URL, signal?: AbortSignal): Promise<string | undefined>
  /**
   * True when a response earns its request one replay: a 401 (unless disabled) that came from the
   * origin the token was sent to. Pass the response's final URL when the transport follows
   * redirects: a 401 from another origin says nothing about our token (it was never sent there).
   * A function is only called for a 401 (fetch's `response.url` costs a URL serialisation).
   */
  shouldReplay(
    status: number,
    requestUrl?: string | URL,
    responseUrl?: string | (() => string),
  ): boolean
  /** Retires the token a 401 answered (only if still current) and returns the token to replay with. */
  tokenForReplay(usedToken: string, url: string | URL, signal?: AbortSignal): Promise<string>
  /**
   * Retires the token a 401 answered when the request can't be replayed (a consumed stream body):
   * the caller gets the 401, and the next request a fresh token.
   */
  retire(usedToken: string): void
}

/**
 * Hosts Zoom serves its REST API from; the token's `api_url` host joins them at run time.
 *
 * @example
 * ```ts
 * zoomAuth(credentials, { hosts: [...DEFAULT_ZOOM_API_HOSTS, 'zoom-proxy.internal:8443'] })
 * ```
 */
export const DEFAULT_ZOOM_API_HOSTS: readonly string[] = [
  'api.zoom.us',
  'fileapi.zoom.us',
  'api.zoomgov.com',
  'fileapi.zoomgov.com',
]

/** Hosts whose api_url is worth fetching a token to learn, when no token is cached yet. */
const ZOOM_DOMAIN = /(^|\.)(zoom\.us|zoom\.com|zoomgov\.com)$/i

/**
 * Builds the {@link RequestPolicy} an adapter applies. Throws `TypeError` for bad input. An adapter
 * with a transport of its own (a custom `fetch`) passes it as `transport`: credentials without a
 * `fetch` of their own then fetch tokens through it too, so a proxy-aware fetch serves both.
 *
 * @example
 * ```ts
 * const policy = createRequestPolicy({ accountId, clientId, clientSecret }, { hosts: ['api.zoom.us'] })
 * const token = await policy.tokenFor('https://api.zoom.us/v2/users/me')
 * ```
 */
export function createRequestPolicy(
  input: AdapterInput,
  options: AdapterOptions = {},
  transport?: typeof fetch,
): RequestPolicy {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('zoom-auth: options must be an object')
  const provider = resolveTokenProvider(input, transport)
  const explicitHosts = options.hosts !== undefined
  const { names, patterns } = splitHosts(
    options.hosts ?? [...DEFAULT_ZOOM_API_HOSTS, new URL(provider.strategy.tokenUrl).host],
  )
  const retryOnUnauthorized = options.retryOnUnauthorized ?? true
  if (typeof retryOnUnauthorized !== 'boolean')
    throw new TypeError('zoom-auth: "retryOnUnauthorized" must be a boolean')

  const isListed = (host: string) =>
    names.has(host) || patterns.some((pattern) => pattern.test(host))

  async function isApiUrlHost(url: URL, signal: AbortSignal | undefined): Promise<boolean> {
    const known =
      provider.peek() ??
      (ZOOM_DOMAIN.test(url.hostname) ? await tokenOf(provider, signal) : undefined)
    return known?.apiUrl !== undefined && parseUrl(known.apiUrl)?.host === url.host
  }

  // `origin/` of the last listed URL, once it was found to be allowed: a URL text that starts with
  // it has that origin (the host ends at that slash), so it needs no parse and no host check, most
  // of the cost of this on a request (an origin that rejects, plain http elsewhere, is never kept).
  let listedPrefix: string | undefined

  /** The token for an allowed URL, refused over plain http to anything but loopback. */
  function tokenTo(target: URL, signal: AbortSignal | undefined, listed = false): Promise<string> {
    if (target.protocol === 'http:' && !isLoopbackHostname(target.hostname)) {
      return Promise.reject(
        new ZoomAuthError(
          'insecure_url',
          `refusing to send a token over plain http to ${target.host}`,
        ),
      )
    }
    if (listed) listedPrefix = `${target.origin}/`
    return accessTokenOf(provider, signal)
  }

  return {
    provider,

    // Every request of every adapter comes through here: at most one URL parse and, with a cached
    // token, no await of its own (the provider answers with an already-settled promise).
    tokenFor(url, signal) {
      const text = typeof url === 'string' ? url : url.href
      if (listedPrefix !== undefined && text.startsWith(listedPrefix))
        return accessTokenOf(provider, signal)
      const target = typeof url === 'string' ? parseUrl(url) : url
      if (!target || (target.protocol !== 'https:' && target.protocol !== 'http:'))
        return Promise.resolve(undefined)
      if (isListed(target.host)) return tokenTo(target, signal, true)
      if (explicitHosts) return Promise.resolve(undefined)
      return isApiUrlHost(target, signal).then((allowed) =>
        allowed ? tokenTo(target, signal) : undefined,
      )
    },

    shouldReplay(status, requestUrl, responseUrl) {
      if (!retryOnUnauthorized || status !== 401) return false
      if (requestUrl === undefined) return true
      const finalUrl = typeof responseUrl === 'function' ? responseUrl() : responseUrl
      return !finalUrl || sameOrigin(requestUrl, finalUrl)
    },

    tokenForReplay(usedToken, url, signal) {
      return promiseOf(() => {
        provider.invalidate(usedToken)
        const host = typeof url === 'string' ? new URL(url).host : url.host
        emitProviderEvent(provider, {
          type: 'request_replayed',
          strategy: provider.strategy.id,
          host,
          status: 401,
        })
        return accessTokenOf(provider, signal)
      })
    },

    retire: (usedToken) => provider.invalidate(usedToken),
  }
}

/**
 * The provider an adapter uses: the one given, or a new Zoom provider from credentials (fetching
 * tokens through `transport` when the credentials bring no `fetch` of their own).
 *
 * @example
 * ```ts
 * const provider = resolveTokenProvider({ accountId, clientId, clientSecret })
 * ```
 */
export function resolveTokenProvider(input: AdapterInput, transport?: typeof fetch): TokenProvider {
  if (isTokenProvider(input)) return input
  if (typeof input !== 'object' || input === null) {
    throw new TypeError(
      'zoom-auth: zoomAuth needs a TokenProvider or { accountId, clientId, clientSecret }',
    )
  }
  return zoomTokenProvider(
    transport && input.fetch === undefined ? { ...input, fetch: transport } : input,
  )
}

/** The provider's token; a caller's abort surfaces as the signal's reason, as in fetch, ky and got. */
function tokenOf(provider: TokenProvider, signal: AbortSignal | undefined): Promise<AccessToken> {
  // A provider of the app's own may throw instead of rejecting; callers get a rejection either way.
  const pending = promiseOf(() => provider.getToken(signal ? { signal } : {}))
  return signal === undefined
    ? pending
    : pending.catch((error: unknown) => {
        throw signal.aborted && isZoomAuthError(error) && error.code === 'aborted'
          ? signal.reason
          : error
      })
}

function accessTokenOf(provider: TokenProvider, signal: AbortSignal | undefined): Promise<string> {
  return tokenOf(provider, signal).then(({ accessToken }) => accessToken)
}

/** What `run` returns, or a promise rejected with what it threw. */
function promiseOf<T>(run: () => Promise<T>): Promise<T> {
  try {
    return Promise.resolve(run())
  } catch (error) {
    return Promise.reject(error)
  }
}

function sameOrigin(requestUrl: string | URL, responseUrl: string): boolean {
  const requested = typeof requestUrl === 'string' ? parseUrl(requestUrl) : requestUrl
  const responded = parseUrl(responseUrl)
  return requested !== undefined && responded?.origin === requested.origin
}

function splitHosts(hosts: Array<string | RegExp>): { names: Set<string>; patterns: RegExp[] } {
  if (!Array.isArray(hosts))
    throw new TypeError('zoom-auth: "hosts" must be an array of strings or RegExps')
  const names = new Set<string>()
  const patterns: RegExp[] = []
  for (const host of hosts) {
    // Without g/y a RegExp keeps no state between tests.
    if (host instanceof RegExp)
      patterns.push(new RegExp(host.source, host.flags.replace(/[gy]/g, '')))
    else if (typeof host === 'string' && host !== '' && !host.includes('/'))
      names.add(host.toLowerCase())
    else
      throw new TypeError(
        `zoom-auth: "hosts" entries must be a host such as "api.zoom.us" or a RegExp`,
      )
  }
  return { names, patterns }
}
