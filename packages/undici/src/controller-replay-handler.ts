import type { Replay } from '@zoom-auth/core/adapter'
import type { ControllerHandler, DispatchController } from './handler-types.js'
import { HeldResponse } from './held-response.js'
import type { ReplayPhase } from './legacy-replay-handler.js'
import type { UnauthorizedReplay } from './unauthorized-replay.js'

/**
 * Wraps a handler of undici 7 and 8's API (`onRequestStart`, `onResponseStart`, `onResponseData`,
 * `onResponseEnd`, `onResponseError`) so that a 401 the call earns a replay for never reaches it: the
 * 401 is paused while the call decides, then either handed over as it is (the body can't be sent
 * again), or drained and the request dispatched once more through this same wrapper, whose handler
 * then sees only the replay (and its controller, from its `onRequestStart`).
 *
 * @example
 * ```ts
 * dispatch(attempt.firstOptions(), new ControllerReplayHandler(handler, attempt))
 * ```
 */
export class ControllerReplayHandler implements ControllerHandler {
  readonly #handler: ControllerHandler
  readonly #attempt: UnauthorizedReplay
  #phase: ReplayPhase = 'open'
  #context: unknown
  #held: HeldResponse | undefined
  #replay: Replay<unknown> | undefined

  constructor(handler: ControllerHandler, attempt: UnauthorizedReplay) {
    this.#handler = handler
    this.#attempt = attempt
  }

  onRequestStart(controller: DispatchController, context: unknown): void {
    this.#context = context
    this.#handler.onRequestStart?.(controller, context)
  }

  onRequestUpgrade(
    controller: DispatchController,
    statusCode: number,
    headers: unknown,
    socket: unknown,
  ): void {
    this.#attempt.settle()
    this.#phase = 'through'
    this.#handler.onRequestUpgrade?.(controller, statusCode, headers, socket)
  }

  onResponseStart(
    controller: DispatchController,
    statusCode: number,
    headers: unknown,
    statusMessage?: string,
  ): void {
    if (this.#phase === 'open') {
      if (this.#attempt.earnsReplay(statusCode, this.#context)) {
        this.#phase = 'held'
        this.#held = new HeldResponse(statusCode, headers, statusMessage)
        controller.pause()
        return this.#decide(controller)
      }
      this.#attempt.settle()
      this.#phase = 'through'
    }
    this.#handler.onResponseStart?.(controller, statusCode, headers, statusMessage)
  }

  onResponseData(controller: DispatchController, chunk: Buffer): void {
    if (this.#phase === 'draining') return
    if (this.#phase === 'held') return void this.#held?.chunks.push(chunk)
    this.#handler.onResponseData?.(controller, chunk)
  }

  onResponseEnd(controller: DispatchController, trailers: unknown): void {
    if (this.#phase === 'held') return this.#held?.end(trailers)
    if (this.#phase === 'draining') return this.#resend(controller)
    this.#handler.onResponseEnd?.(controller, trailers)
  }

  onResponseError(controller: DispatchController | null, error: Error): void {
    if (this.#phase === 'done') return
    this.#attempt.failed()
    this.#phase = 'done'
    this.#handler.onResponseError?.(controller, error)
  }

  onResponseStarted(): void {
    this.#handler.onResponseStarted?.()
  }

  /** The call's answer to a held 401: hand it over, drain it for a replay, or fail the request. */
  #decide(controller: DispatchController): void {
    const held = this.#held as HeldResponse
    this.#attempt.replay().then(
      (replay) => {
        if (this.#phase !== 'held') return
        if (replay !== undefined) {
          this.#replay = replay
          this.#phase = 'draining'
          return held.ended ? this.#resend(controller) : controller.resume()
        }
        // The body can't be sent again (the call retired the token): the 401 is the answer. undici
        // may parse what it already has as soon as it resumes; that lands in `held` first.
        if (!held.ended) controller.resume()
        if (this.#phase !== 'held') return
        this.#phase = 'through'
        const handler = this.#handler
        handler.onResponseStart?.(controller, held.statusCode, held.headers, held.statusText)
        for (const chunk of held.chunks) handler.onResponseData?.(controller, chunk)
        if (held.ended) handler.onResponseEnd?.(controller, held.trailers)
      },
      (error: Error) => {
        if (this.#phase !== 'held') return
        if (held.ended) return this.onResponseError(controller, error)
        // Aborting the held response reports the error through onResponseError, once.
        this.#phase = 'through'
        controller.abort(error)
      },
    )
  }

  /** The 401 is drained: the request goes again, through this wrapper. */
  #resend(controller: DispatchController): void {
    this.#phase = 'through'
    try {
      this.#attempt.resend(this.#replay as Replay<unknown>, this)
    } catch (error) {
      this.onResponseError(controller, error as Error)
    }
  }
}
