import type { KyHookOptions } from './hook-arguments.js'
import type { ReplaySource } from './replay-request.js'
import type { KyFetch } from './types.js'

/** What one ky call remembers between its hooks. */
export interface RequestState {
  /** ky 2's `fetch` option, seen only by the `init` hook. */
  kyFetch?: KyFetch
  /** ky 2's `timeout` option, seen only by the `init` hook. */
  kyTimeout?: number | false
  /** The token the current attempt carries; unset while the request goes to a host without one. */
  token?: string
  /** How the body is sent again. */
  source?: ReplaySource
  /** A ky call is replayed at most once, however many attempts ky's own retries make. */
  replayed: boolean
}

/**
 * Per-call state, keyed by the call's `options.context`: ky makes that object anew for every call and
 * hands the same one to every hook of the call, in ky 1 and ky 2 alike, also after a hook swapped
 * the `Request` or a timeout renewed the signal. Neither the `Request` (ky clones it between
 * `beforeRequest` and `afterResponse`) nor the options object (rebuilt when a hook returns a new
 * `Request`) would do. Versions of ky 1 without `context` fall back to the options object.
 *
 * @example
 * ```ts
 * const states = new RequestStates()
 * states.open(options).token = token // beforeRequest
 * states.get(options)?.token // afterResponse of the same call
 * ```
 */
export class RequestStates {
  readonly #states = new WeakMap<object, RequestState>()

  get(options: KyHookOptions): RequestState | undefined {
    return this.#states.get(keyOf(options))
  }

  /** The call's state, created empty on first use. */
  open(options: KyHookOptions): RequestState {
    const key = keyOf(options)
    let state = this.#states.get(key)
    if (state === undefined) {
      state = { replayed: false }
      this.#states.set(key, state)
    }
    return state
  }
}

function keyOf(options: KyHookOptions): object {
  const { context } = options
  return typeof context === 'object' && context !== null ? context : options
}
