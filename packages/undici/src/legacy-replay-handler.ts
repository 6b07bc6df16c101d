import type { Replay } from '@zoom-auth/core/adapter'
import type { LegacyHandler } from './handler-types.js'
import { HeldResponse } from './held-response.js'
import type { UnauthorizedReplay } from './unauthorized-replay.js'

/**
 * Where a call's dispatch stands: `open` until its response starts; `held` while a 401 waits (paused)
 * for the call's decision; `draining` the 401's body once a replay is decided; `through` when the
 * handler gets everything as it comes (any other response, the replay's, or a 401 handed over);
 * `done` after an error was reported.
 *
 * @example
 * ```ts
 * let phase: ReplayPhase = 'open'
 * ```
 */
export type ReplayPhase = 'open' | 'held' | 'draining' | 'through' | 'done'

/**
 * Wraps a handler of undici 6's API (`onConnect`, `onHeaders`, `onData`, `onComplete`, `onError`) so
 * that a 401 the call earns a replay for never reaches it: the 401 is paused while the call decides,
 * then either handed over as it is (the body can't be sent again), or drained and the request
 * dispatched once more through this same wrapper, whose handler then sees only the replay.
 *
 * @example
 * ```ts
 * dispatch(attempt.firstOptions(), new LegacyReplayHandler(handler, attempt))
 * ```
 */
export class LegacyReplayHandler implements LegacyHandler {
  readonly #handler: LegacyHandler
  readonly #attempt: UnauthorizedReplay
  #phase: ReplayPhase = 'open'
  #abort: ((reason?: Error) => void) | undefined
  #context: unknown
  #held: HeldResponse | undefined
  #replay: Replay<unknown> | undefined

  constructor(handler: LegacyHandler, attempt: UnauthorizedReplay) {
    this.#handler = handler
    this.#attempt = attempt
  }

  onConnect(abort: (reason?: Error) => void, context?: unknown): void {
    this.#abort = abort
    this.#context = context
    this.#handler.onConnect?.(abort, context)
  }

  onHeaders(
    statusCode: number,
    rawHeaders: unknown,
    resume: () => void,
    statusText?: string,
  ): boolean | void {
    if (this.#phase === 'open') {
      if (this.#attempt.earnsReplay(statusCode, this.#context)) {
        this.#phase = 'held'
        this.#held = new HeldResponse(statusCode, rawHeaders, statusText)
        this.#decide(resume)
        return false
      }
      this.#attempt.settle()
      this.#phase = 'through'
    }
    return this.#handler.onHeaders?.(statusCode, rawHeaders, resume, statusText)
  }

  onData(chunk: Buffer): boolean | void {
    if (this.#phase === 'draining') return true
    if (this.#phase !== 'held') return this.#handler.onData?.(chunk)
    this.#held?.chunks.push(chunk)
    return false
  }

  onComplete(trailers: unknown): void {
    if (this.#phase === 'held') return this.#held?.end(trailers)
    if (this.#phase === 'draining') return this.#resend()
    this.#handler.onComplete?.(trailers)
  }

  onError(error: Error): void {
    if (this.#phase === 'done') return
    this.#attempt.failed()
    this.#phase = 'done'
    this.#handler.onError?.(error)
  }

  onUpgrade(statusCode: number, rawHeaders: unknown, socket: unknown): void {
    this.#attempt.settle()
    this.#phase = 'through'
    this.#handler.onUpgrade?.(statusCode, rawHeaders, socket)
  }

  onBodySent(chunk: unknown): void {
    this.#handler.onBodySent?.(chunk)
  }

  onRequestSent(): void {
    this.#handler.onRequestSent?.()
  }

  onResponseStarted(): void {
    this.#handler.onResponseStarted?.()
  }

  /** The call's answer to a held 401: hand it over, drain it for a replay, or fail the request. */
  #decide(resume: () => void): void {
    const held = this.#held as HeldResponse
    this.#attempt.replay().then(
      (replay) => {
        if (this.#phase !== 'held') return
        if (replay !== undefined) {
          this.#replay = replay
          this.#phase = 'draining'
          return held.ended ? this.#resend() : resume()
        }
        // The body can't be sent again (the call retired the token): the 401 is the answer.
        this.#phase = 'through'
        const handler = this.#handler
        const flowing = handler.onHeaders?.(held.statusCode, held.headers, resume, held.statusText)
        for (const chunk of held.chunks) handler.onData?.(chunk)
        if (held.ended) handler.onComplete?.(held.trailers)
        else if (flowing !== false) resume()
      },
      (error: Error) => {
        if (this.#phase !== 'held') return
        if (held.ended) return this.onError(error)
        // Aborting the held response reports the error through onError, once.
        this.#phase = 'through'
        this.#abort?.(error)
      },
    )
  }

  /** The 401 is drained: the request goes again, through this wrapper. */
  #resend(): void {
    this.#phase = 'through'
    try {
      this.#attempt.resend(this.#replay as Replay<unknown>, this)
    } catch (error) {
      this.onError(error as Error)
    }
  }
}
