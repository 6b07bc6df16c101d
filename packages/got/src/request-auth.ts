/**
 * What zoom-auth knows about one `got()` call, kept in `options.context` under a symbol.
 *
 * got copies `context` shallowly into every options object it derives for the same call (redirect
 * hops, its own retries, the 401 replay), so all attempts of one call share this object: the token is
 * chosen once and the replay happens once. A new `got()` call starts without it. The token sits in a
 * private field, so neither `util.inspect` nor `JSON.stringify` of the options (or of an error
 * holding them) ever shows it.
 */
export class RequestAuth {
  #token: string | undefined
  /** The policy has been asked for this call (whether or not the host got a token). */
  decided = false
  /** The one replay after a 401 has been made. */
  replayed = false
  /** got retried this call's stream: its later Requests were built without our handler. */
  streamRetried = false

  /** The token this call sends, if its host got one. */
  get token(): string | undefined {
    return this.#token
  }

  set token(token: string | undefined) {
    this.#token = token
  }

  /** True when `headers` carry this call's token, i.e. the request that answered was sent with it. */
  sentWith(headers: Record<string, unknown>): boolean {
    return this.#token !== undefined && headers.authorization === bearer(this.#token)
  }
}

/** Symbol-keyed: JSON ignores it, and a user's own `context` keys can't clash with it. */
const REQUEST_AUTH = Symbol('zoom-auth.got.request')

type Context = Record<PropertyKey, unknown>

/**
 * The call's {@link RequestAuth}, if one was started.
 *
 * @example
 * ```ts
 * const auth = requestAuth(response.request.options.context)
 * ```
 */
export function requestAuth(context: Context): RequestAuth | undefined {
  const value = context[REQUEST_AUTH]
  return value instanceof RequestAuth ? value : undefined
}

/**
 * Gives a new `got()` call a fresh {@link RequestAuth}. Options copied from an earlier call (say,
 * `response.request.options` handed to the next page by `pagination.paginate`) arrive with that
 * call's header: it is dropped, so the new call decides for itself whether its host gets a token.
 *
 * @example
 * ```ts
 * const auth = startRequestAuth(options.context, options.headers)
 * ```
 */
export function startRequestAuth(context: Context, headers: Record<string, unknown>): RequestAuth {
  const inherited = requestAuth(context)
  if (inherited?.sentWith(headers)) delete headers.authorization
  const auth = new RequestAuth()
  context[REQUEST_AUTH] = auth
  return auth
}

/**
 * The `Authorization` value for an access token.
 *
 * @example
 * ```ts
 * options.headers.authorization = bearer(token)
 * ```
 */
export function bearer(token: string): string {
  return `Bearer ${token}`
}
