import type { AuthorizedCall, BodyReplay, Replay } from '@zoom-auth/core/adapter'
import { headersWithToken } from './headers-with-token.js'
import type { UndiciDispatch, UndiciDispatchOptions } from './types.js'

/**
 * One dispatch of an authorized call, and what a 401 to it sets off: what both handler wrappers
 * (undici 6's API and 7/8's) share. The call decides (origin, once only, retiring the token); this
 * keeps only what undici needs to send again: the options, the body plan and the next dispatch.
 *
 * @example
 * ```ts
 * const attempt = new UnauthorizedReplay(call, options, plan, dispatch, signal)
 * dispatch(attempt.firstOptions(), new LegacyReplayHandler(handler, attempt))
 * ```
 */
export class UnauthorizedReplay {
  readonly #call: AuthorizedCall
  readonly #options: UndiciDispatchOptions
  readonly #plan: BodyReplay<unknown> | undefined
  readonly #dispatch: UndiciDispatch
  readonly #signal: AbortSignal | undefined
  readonly #remember: () => void
  #settled = false

  constructor(
    call: AuthorizedCall,
    options: UndiciDispatchOptions,
    plan: BodyReplay<unknown> | undefined,
    dispatch: UndiciDispatch,
    signal: AbortSignal | undefined,
    remember: () => void,
  ) {
    this.#call = call
    this.#options = options
    this.#plan = plan
    this.#dispatch = dispatch
    this.#signal = signal
    this.#remember = remember
  }

  /** The first send: the call's token, and the body the plan sends (a copy's feeding stream). */
  firstOptions(): UndiciDispatchOptions {
    const options = this.#options
    const headers = headersWithToken(options.headers, this.#call.authorization)
    return this.#plan === undefined || this.#plan.first === options.body
      ? { ...options, headers }
      : { ...options, headers, body: this.#plan.first }
  }

  /**
   * True when this response is a 401 the call should answer with its replay. `context` is what undici
   * handed the handler when the request started: a redirect interceptor composed inside zoomAuth puts
   * the URLs it followed there (`history`), and a 401 from another origin earns nothing.
   */
  earnsReplay(statusCode: number, context: unknown): boolean {
    // Anything but a success may send the handler back through (a redirect, a retry): keep its call.
    if (statusCode < 200 || statusCode > 299) this.#remember()
    if (statusCode !== 401) return false
    const history = (context as { history?: unknown } | null | undefined)?.history
    if (!Array.isArray(history) || history.length === 0) return this.#call.earnsReplay(statusCode)
    // Each hop asks the call: one that left the origin makes it remember (and earn no replay).
    for (const url of history)
      if (url instanceof URL || typeof url === 'string') this.#call.mayFollow(url)
    const last = history[history.length - 1] as URL | string
    return this.#call.earnsReplay(statusCode, last)
  }

  /** The call's replay: the new token and the body, or `undefined` (the token retired, no resend). */
  replay(): Promise<Replay<unknown> | undefined> {
    this.#settled = true
    return this.#call.replay(this.#signal, this.#plan)
  }

  /**
   * The send failed: a retry interceptor outside may send the handler back through with its call.
   * A copy stops even when a replay is waiting for it: the failure (fetch's abort, which gives the
   * dispatcher no signal; a destroyed dispatcher) is the only word that wait gets.
   */
  failed(): void {
    this.#remember()
    this.#settled = true
    this.#plan?.release()
  }

  /** The first response is final: a copy of the body stops, unless a replay already took it. */
  settle(): void {
    if (this.#settled) return
    this.#settled = true
    this.#plan?.release()
  }

  /** Dispatches the request again with the replay's token and body, through the same handler. */
  resend(replay: Replay<unknown>, handler: object): void {
    const options = this.#options
    const headers = headersWithToken(options.headers, replay.authorization)
    this.#dispatch(
      this.#plan === undefined
        ? { ...options, headers }
        : { ...options, headers, body: replay.body },
      handler,
    )
  }
}
