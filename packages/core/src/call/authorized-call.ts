import { isZoomAuthError } from '../errors.js'
import { publishEvent } from '../events.js'
import { parseUrl } from '../parse-url.js'
import { replayChannel, traceReplay } from '../tracing.js'
import type { AccessToken, TokenProvider, ZoomAuthEvent } from '../types.js'
import type { BodyReplay } from './body-replay.js'

/**
 * What {@link AuthorizedCall.replay} hands back: the `Authorization` value and the body to resend.
 *
 * @example
 * ```ts
 * const replay: Replay<string> | undefined = await call.replay(signal, body)
 * ```
 */
export interface Replay<B = unknown> {
  readonly authorization: string
  readonly body: B | Uint8Array | undefined
}

/**
 * One API call's auth, from the first send to the last: the token it carries, the origin that token
 * is for, redirects that leave it, the decision on a 401, and the one replay. Adapters keep this
 * object on their client's request (axios config, got `context`, a closure) and resend when told to;
 * they keep no flags of their own and make no decisions.
 *
 * The token sits in a private field: `util.inspect` and `JSON.stringify` of a request holding the
 * call never show it.
 *
 * @example
 * ```ts
 * const call = await authorizer.authorize(url, signal)
 * if (call === undefined) return send(request) // not a host of ours: untouched
 * let response = await send(request, call.authorization)
 * if (call.earnsReplay(response.status, () => response.url)) {
 *   const replay = await call.replay(signal, body)
 *   if (replay) response = await send(request, replay.authorization, replay.body)
 * }
 * ```
 */
export class AuthorizedCall {
  /** Where the token was first sent; a redirect may keep it only within this URL's origin. */
  readonly url: string
  readonly #provider: TokenProvider
  readonly #retryOnUnauthorized: boolean
  #token: string
  #authorization: string | undefined
  #origin: string | undefined
  #replayed = false
  #leftOrigin = false

  /**
   * Made by `Authorizer.authorize`, never by an adapter.
   * @internal
   */
  constructor(
    provider: TokenProvider,
    retryOnUnauthorized: boolean,
    url: string,
    accessToken: string,
  ) {
    this.#provider = provider
    this.#retryOnUnauthorized = retryOnUnauthorized
    this.url = url
    this.#token = accessToken
  }

  /** `Bearer <token>`, the header value this call sends now. */
  get authorization(): string {
    return (this.#authorization ??= `Bearer ${this.#token}`)
  }

  /** True once this call has made its one replay. */
  get replayed(): boolean {
    return this.#replayed
  }

  /** True when `value` is this call's current `Authorization` value: the request was sent with it. */
  sentWith(value: unknown): boolean {
    return value === this.authorization
  }

  /**
   * A redirect to `location`: true when the token may follow it (same origin as {@link url}).
   * Otherwise the call remembers that it left its origin — a 401 from there earns no replay — and
   * the adapter drops the header from the redirected request.
   */
  mayFollow(location: string | URL): boolean {
    if (sameOrigin(location, this.#originOf())) return true
    this.#leftOrigin = true
    return false
  }

  /**
   * True when a response earns this call its one replay: a 401 (unless disabled) from the origin
   * the token was sent to, not after a replay. Pass the response's final URL when the transport
   * follows redirects on its own; a function is only called for a 401 (it may cost a serialisation).
   */
  earnsReplay(status: number, responseUrl?: string | URL | (() => string | URL)): boolean {
    if (status !== 401 || !this.#retryOnUnauthorized) return false
    if (this.#replayed || this.#leftOrigin) return false
    if (responseUrl === undefined) return true
    const finalUrl = typeof responseUrl === 'function' ? responseUrl() : responseUrl
    return finalUrl === '' || sameOrigin(finalUrl, this.#originOf())
  }

  /**
   * Answers a 401 that {@link earnsReplay}: waits for the body's copy (if any), then either
   *
   * - retires the token and resolves `undefined` when the body cannot be sent again — the adapter
   *   hands the 401 to the caller as its client usually does, and the next call gets a new token; or
   * - retires the token, reports `request_replayed`, and resolves the new `Authorization` value and
   *   the body to send with it.
   *
   * Retiring is compare-and-invalidate: many 401s for one token cause one refresh. Rejects with the
   * signal's reason when `signal` aborts (as HTTP clients do), or with the provider's error.
   * Published on the `zoom-auth.replay` tracing channel when anyone listens.
   */
  replay<B>(signal?: AbortSignal, body?: BodyReplay<B>): Promise<Replay<B> | undefined> {
    if (!replayChannel.hasSubscribers) return this.#replay(signal, body)
    // A provider of the app's own may lack a strategy: tracing must not make replay throw.
    const strategy =
      (this.#provider.strategy as TokenProvider['strategy'] | undefined)?.id ?? ''
    const host = parseUrl(this.url)?.host ?? ''
    return traceReplay(strategy, host, () => this.#replay(signal, body))
  }

  async #replay<B>(signal?: AbortSignal, body?: BodyReplay<B>): Promise<Replay<B> | undefined> {
    this.#replayed = true
    const used = this.#token
    let again: B | Uint8Array | undefined
    if (body !== undefined) {
      // A server may answer before the body is all sent: the copy may still be coming in, and an
      // abort must not wait for a stream that may never end.
      signal?.addEventListener('abort', body.release, { once: true })
      try {
        again = await body.again()
      } finally {
        signal?.removeEventListener('abort', body.release)
      }
      if (signal?.aborted) throw signal.reason
      if (again === undefined) {
        // The 401 still proves the token bad: retire it so the next call doesn't meet it too.
        this.#provider.invalidate(used)
        return undefined
      }
    }
    const provider = this.#provider
    provider.invalidate(used)
    report(provider, {
      type: 'request_replayed',
      strategy: provider.strategy.id,
      host: parseUrl(this.url)?.host ?? '',
      status: 401,
    })
    const token = await accessTokenFrom(provider, signal)
    this.#token = token.accessToken
    this.#authorization = undefined
    return { authorization: this.authorization, body: again }
  }

  #originOf(): string {
    return (this.#origin ??= parseUrl(this.url)?.origin ?? '')
  }
}

/**
 * The provider's token; a caller's abort surfaces as the signal's reason, as in fetch, ky and got.
 * A provider of the app's own may throw instead of rejecting: callers get a rejection either way.
 */
export function accessTokenFrom(
  provider: TokenProvider,
  signal: AbortSignal | undefined,
): Promise<AccessToken> {
  let pending: Promise<AccessToken>
  try {
    pending = Promise.resolve(provider.getToken(signal ? { signal } : {}))
  } catch (error) {
    return Promise.reject(error)
  }
  if (signal === undefined) return pending
  return pending.catch((error: unknown) => {
    throw signal.aborted && isZoomAuthError(error) && error.code === 'aborted'
      ? signal.reason
      : error
  })
}

/** Reports a call's event beside the provider's own; a provider without `report` leaves the channel. */
function report(provider: TokenProvider, event: ZoomAuthEvent): void {
  if (typeof provider.report === 'function') provider.report(event)
  else publishEvent(event)
}

function sameOrigin(url: string | URL, origin: string): boolean {
  const target = typeof url === 'string' ? parseUrl(url) : url
  return target !== undefined && origin !== '' && target.origin === origin
}
