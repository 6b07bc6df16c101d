import type { AuthorizedCall } from '@zoom-auth/core/adapter'

/**
 * The fetch-only option through which ky 2 hands a call's {@link CallSlot} to every attempt's
 * `fetch`: ky passes each option it doesn't know on to fetch, and the `init` hook sets this one on
 * the call's own options (taken off again before anything is sent).
 */
export const CALL_OPTION = 'zoomAuthCall'

/**
 * Where one ky call keeps its {@link AuthorizedCall}, across ky's retries: the call is started by
 * the first attempt, and every later attempt to the same URL sends with it, so the call's one
 * replay is the only one, whatever ky retries. The call sits in a private field: ky's options and
 * errors, which may hold the slot, show nothing of it.
 *
 * @example
 * ```ts
 * const call = slot.callFor(request.url) ?? (await authorizer.authorize(request.url))
 * ```
 */
export class CallSlot {
  #call: AuthorizedCall | undefined

  /** The call this ky call started, if it was for `url` (a hook of yours may send a retry elsewhere). */
  callFor(url: string): AuthorizedCall | undefined {
    const call = this.#call
    return call !== undefined && call.url === url ? call : undefined
  }

  keep(call: AuthorizedCall): void {
    this.#call = call
  }
}

/**
 * Finds the {@link CallSlot} of the ky call an attempt belongs to, from what ky hands its `fetch`:
 *
 * - ky 2: the slot its `init` hook (which runs once per call) put in the call's options, which ky
 *   passes to every attempt's `fetch` as a fetch-only option;
 * - ky 1 (no `init` hooks, and hooks get a frozen copy of the options): the call's own options
 *   object, which ky 1 calls `fetch` on (`options.fetch(request, init)`) for every attempt, so it is
 *   the `this` of our fetch; a slot is kept for it in a WeakMap.
 *
 * Anything else (our fetch called on its own) has no slot: each attempt is then a call of its own.
 *
 * @example
 * ```ts
 * const slot = slots.of(init?.[CALL_OPTION], this)
 * ```
 */
export class CallSlots {
  readonly #byOptions = new WeakMap<object, CallSlot>()
  readonly #notOptions: object

  /** `notOptions`: the object zoomAuth returned, which holds our fetch but is no call's options. */
  constructor(notOptions: object) {
    this.#notOptions = notOptions
  }

  of(attached: unknown, receiver: unknown): CallSlot | undefined {
    if (attached instanceof CallSlot) return attached
    if (typeof receiver !== 'object' || receiver === null || receiver === this.#notOptions)
      return undefined
    let slot = this.#byOptions.get(receiver)
    if (slot === undefined) this.#byOptions.set(receiver, (slot = new CallSlot()))
    return slot
  }
}
