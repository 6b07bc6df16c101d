import {
  assertBoolean,
  assertOptionsObject,
  countOf,
  invalidArgValue,
  isLoopbackHostname,
} from '../assert.js'
import { ZoomAuthError } from '../errors.js'
import { parseUrl } from '../parse-url.js'
import {
  isTokenProvider,
  zoomTokenProvider,
  type ZoomTokenProviderOptions,
} from '../zoom-token-provider.js'
import type { TokenProvider } from '../types.js'
import { requestHandleSource, type ZoomUsers } from '../user/zoom-users.js'
import { AuthorizedCall, accessTokenFrom } from './authorized-call.js'
import { DEFAULT_MAX_REPLAY_BODY_BYTES } from './body-replay.js'
import { allowedHosts, DEFAULT_ZOOM_API_HOSTS } from './allowed-hosts.js'

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
  /**
   * The longest stream body (a web `ReadableStream`, a Node `Readable`) kept for a replay, in bytes.
   * A longer one is sent once; its 401 goes to the caller. Default 1 MiB.
   */
  maxReplayBodyBytes?: number
}

/**
 * What every adapter's `zoomAuth` accepts: a shared provider (one Server-to-Server app, or one user
 * of a user-level app: `users.forUser(key)`), credentials to make its own, or the users of a
 * user-level app, each request naming its user in its client's own way.
 */
export type AdapterInput = TokenProvider | ZoomTokenProviderOptions | ZoomUsers

/**
 * Starts the auth of each API call of one adapter: decides whether a URL gets the token at all, and
 * hands back the {@link AuthorizedCall} that carries it from there.
 */
export interface Authorizer {
  /**
   * The provider a call uses: the adapter's one provider, or, for the users of a user-level app,
   * that of `user`. Throws `TypeError` when users need a user key and none is given, and when a
   * user is named but the adapter was given one provider (its token is not that user's).
   */
  providerFor(user?: string): TokenProvider
  /** The longest stream body a replay keeps a copy of (the adapter's `maxReplayBodyBytes`). */
  readonly maxReplayBodyBytes: number
  /**
   * The call's auth for a request to `url`, or `undefined` when the token must not go there (the
   * request passes through untouched; so does a URL that doesn't parse). Rejects with
   * `insecure_url` for plain http to an allowed non-loopback host, and with the provider's
   * `ZoomAuthError` when no token can be had. When `signal` aborts the wait it rejects with the
   * signal's reason, as the HTTP clients themselves do for an abort. `user` names the user a call
   * is made as, when the adapter was given the users of a user-level app (a call without one
   * rejects with `TypeError`; one without a stored grant with `reauthorization_required`).
   */
  authorize(
    url: string | URL,
    signal?: AbortSignal,
    user?: string,
  ): Promise<AuthorizedCall | undefined>
}

/** Hosts whose api_url is worth fetching a token to learn, when no token is cached yet. */
const ZOOM_DOMAIN = /(^|\.)(zoom\.us|zoom\.com|zoomgov\.com)$/i

/**
 * Builds the {@link Authorizer} an adapter starts every call with. Throws `TypeError` for bad input.
 * An adapter with a transport of its own (a custom `fetch`) passes it as `transport`: credentials
 * without a `fetch` of their own then fetch tokens through it too, so a proxy-aware fetch serves both.
 * `userOption` is how a request of this adapter names its user (`config.zoomUser`, say): the
 * `TypeError` of a request that names none, or names one the adapter can't serve, says so.
 *
 * @example
 * ```ts
 * const authorizer = createAuthorizer({ accountId, clientId, clientSecret }, { hosts: ['api.zoom.us'] })
 * const call = await authorizer.authorize('https://api.zoom.us/v2/users/me')
 * headers.set('authorization', call!.authorization)
 * ```
 */
export function createAuthorizer(
  input: AdapterInput,
  options: AdapterOptions = {},
  transport?: typeof fetch,
  userOption?: string,
): Authorizer {
  assertOptionsObject(options)
  const users = isZoomUsers(input) ? input : undefined
  const provider = users ? undefined : resolveTokenProvider(input as SingleInput, transport)
  const userHandle = users && requestHandleSource(users)
  assertBoolean(options.retryOnUnauthorized, 'retryOnUnauthorized')
  const retryOnUnauthorized = options.retryOnUnauthorized ?? true
  const maxReplayBodyBytes = countOf(
    options.maxReplayBodyBytes,
    DEFAULT_MAX_REPLAY_BODY_BYTES,
    'maxReplayBodyBytes',
  )
  const explicitHosts = options.hosts !== undefined
  const tokenUrl = users?.tokenUrl ?? provider!.strategy.tokenUrl
  const isListed = allowedHosts(
    options.hosts ?? [...DEFAULT_ZOOM_API_HOSTS, new URL(tokenUrl).host],
  )

  const naming = userOption ?? "see the adapter's README"

  function providerFor(user?: string): TokenProvider {
    if (provider) {
      // Sending one provider's token for a request that names a user would act as someone else.
      if (user !== undefined)
        throw invalidArgValue(
          `zoom-auth: this request names a user (${naming}), but this client was given one token provider, not the users of a user-level app: give zoomAuth the users (zoomUsers) to choose a user per request`,
        )
      return provider
    }
    if (typeof user !== 'string' || user === '')
      throw invalidArgValue(
        `zoom-auth: this client authorizes as the users of a user-level app: name the user of each request, a non-empty string (${naming}), or give zoomAuth users.forUser(key) for one user`,
      )
    return userHandle!(user)
  }

  async function isApiUrlHost(
    url: URL,
    signal: AbortSignal | undefined,
    user: string | undefined,
  ): Promise<boolean> {
    const source = providerFor(user)
    const known =
      source.peek() ??
      (ZOOM_DOMAIN.test(url.hostname) ? await accessTokenFrom(source, signal) : undefined)
    return known?.apiUrl !== undefined && parseUrl(known.apiUrl)?.host === url.host
  }

  // `origin/` of the last listed URL, once it was found to be allowed: a URL text that starts with
  // it has that origin (the host ends at that slash), so it needs no parse and no host check, most
  // of the cost of this on a request (an origin that rejects, plain http elsewhere, is never kept).
  let listedPrefix: string | undefined

  // One path for both kinds: the adapter's provider, or the named user's.
  function callTo(url: string, signal: AbortSignal | undefined, user: string | undefined) {
    let source: TokenProvider
    try {
      source = provider !== undefined && user === undefined ? provider : providerFor(user)
    } catch (error) {
      return Promise.reject(error)
    }
    return accessTokenFrom(source, signal).then(
      ({ accessToken }) => new AuthorizedCall(source, retryOnUnauthorized, url, accessToken),
    )
  }

  /** The call for an allowed URL, refused over plain http to anything but loopback. */
  function start(
    target: URL,
    text: string,
    signal: AbortSignal | undefined,
    user: string | undefined,
    listed = false,
  ) {
    if (target.protocol === 'http:' && !isLoopbackHostname(target.hostname)) {
      return Promise.reject(
        new ZoomAuthError(
          'insecure_url',
          `refusing to send a token over plain http to ${target.host}`,
        ),
      )
    }
    if (listed) listedPrefix = `${target.origin}/`
    return callTo(text, signal, user)
  }

  return {
    providerFor,
    maxReplayBodyBytes,

    // Every request of every adapter comes through here: at most one URL parse and, with a cached
    // token, no await of its own (the provider answers with an already-settled promise).
    authorize(url, signal, user) {
      const text = typeof url === 'string' ? url : url.href
      if (listedPrefix !== undefined && text.startsWith(listedPrefix))
        return callTo(text, signal, user)
      const target = typeof url === 'string' ? parseUrl(url) : url
      if (!target || (target.protocol !== 'https:' && target.protocol !== 'http:'))
        return Promise.resolve(undefined)
      if (isListed(target.host)) return start(target, text, signal, user, true)
      if (explicitHosts) return Promise.resolve(undefined)
      return promiseOf(() => isApiUrlHost(target, signal, user)).then((allowed) =>
        allowed ? start(target, text, signal, user) : undefined,
      )
    },
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
export function resolveTokenProvider(input: SingleInput, transport?: typeof fetch): TokenProvider {
  if (isTokenProvider(input)) return input
  assertOptionsObject(
    input,
    'zoom-auth: zoomAuth needs a TokenProvider or { accountId, clientId, clientSecret }',
  )
  return zoomTokenProvider(
    transport && input.fetch === undefined ? { ...input, fetch: transport } : input,
  )
}

/** An input that makes one provider: a provider, or credentials. */
type SingleInput = Exclude<AdapterInput, ZoomUsers>

function isZoomUsers(input: unknown): input is ZoomUsers {
  const candidate = input as Partial<ZoomUsers> | null
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.forUser === 'function' &&
    typeof candidate.tokenUrl === 'string'
  )
}

/** What `run` resolves, or a promise rejected with what it threw. */
function promiseOf<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run()
  } catch (error) {
    return Promise.reject(error)
  }
}
