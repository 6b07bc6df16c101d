import type { AuthorizedCall, BodyReplay } from '@zoom-auth/core/adapter'

/**
 * One `got()` call as zoom-auth follows it, kept in `options.context` under a symbol: core's
 * {@link AuthorizedCall} (the token, its origin, the 401 decision, the one replay) plus what only
 * got's mechanics make necessary. got copies `context` shallowly into every options object it
 * derives for the same call (redirect hops, its own retries, the 401 replay), so all attempts share
 * this object; a new `got()` call starts a new one (see {@link startCallState}).
 *
 * Nothing here decides about a token: the call does. The token sits in the call's private field, so
 * neither `util.inspect` nor `JSON.stringify` of the options (or of an error holding them) shows it.
 *
 * @example
 * ```ts
 * const state = callStateOf(response.request.options.context)
 * if (state?.call?.earnsReplay(response.statusCode)) …
 * ```
 */
export class CallState {
  /** The auth of the attempt under way; `undefined` when its URL gets no token. */
  call: AuthorizedCall | undefined
  /**
   * The authorizer has been asked for the attempt under way. got builds each of its retries (and
   * the replay) afresh, and they ask again, on the URL they go to; redirect hops don't.
   */
  asked = false
  /** got retried this stream: its later Requests were built without our handler. */
  streamRetried = false
  /**
   * The body as the caller gave it, before got encoded it: a `FormData` becomes a one-shot
   * generator in `options.body`, so the replay hands got the `FormData` to encode afresh.
   */
  readonly given: unknown
  /** The caller set a Content-Type; otherwise got made one to match a `FormData`'s boundary. */
  readonly contentTypeGiven: boolean
  /** The copy of a stream body, taken as got sends it (see `copyStreamBody`). */
  copy: BodyReplay | undefined

  constructor(given: unknown, contentTypeGiven: boolean) {
    this.given = given
    this.contentTypeGiven = contentTypeGiven
  }

  /**
   * Takes the call the authorizer answered for a new attempt (a got retry or the replay). The one
   * replay belongs to the whole `got()` call: once made, the call that made it goes on, carrying
   * the replay's token, and the new answer only confirmed that the URL may have a token.
   */
  adopt(next: AuthorizedCall | undefined): AuthorizedCall | undefined {
    if (next === undefined || this.call?.replayed !== true) this.call = next
    return this.call
  }

  /** The first response is final (or there was none): a stream copy stops and is dropped. */
  release(): void {
    this.copy?.release()
    this.copy = undefined
  }
}

/** Symbol-keyed: JSON ignores it, and a user's own `context` keys can't clash with it. */
const CALL_STATE = Symbol('zoom-auth.got.call')

type Context = Record<PropertyKey, unknown>

/** got's options as far as starting a call goes. */
interface CallOptions {
  readonly context: Context
  readonly headers: Record<string, unknown>
  readonly body?: unknown
}

/**
 * The call's {@link CallState}, if one was started.
 *
 * @example
 * ```ts
 * const call = callStateOf(options.context)?.call
 * ```
 */
export function callStateOf(context: Context): CallState | undefined {
  const value = context[CALL_STATE]
  return value instanceof CallState ? value : undefined
}

/**
 * Gives a new `got()` call a fresh {@link CallState}. Options copied from an earlier call (say,
 * `response.request.options` handed to the next page by `pagination.paginate`) arrive with that
 * call's header: it is dropped, so the new call decides for itself whether its host gets a token.
 *
 * @example
 * ```ts
 * const state = startCallState(options) // in a handler, before got encodes the body
 * ```
 */
export function startCallState(options: CallOptions): CallState {
  const { context, headers, body } = options
  if (callStateOf(context)?.call?.sentWith(headers.authorization)) delete headers.authorization
  const state = new CallState(body, body !== undefined && headers['content-type'] !== undefined)
  context[CALL_STATE] = state
  return state
}
