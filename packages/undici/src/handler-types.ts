/**
 * undici's response controller (7 and 8): what a handler of the new API pauses, resumes and aborts
 * its request through.
 *
 * @example
 * ```ts
 * onResponseStart(controller: DispatchController) { controller.pause() }
 * ```
 */
export interface DispatchController {
  pause(): void
  resume(): void
  abort(reason: Error): void
  readonly aborted?: boolean
  readonly paused?: boolean
}

/**
 * A dispatch handler of undici 7 and 8 (`onRequestStart`, `onResponseStart`, …).
 *
 * @example
 * ```ts
 * const handler: ControllerHandler = { onResponseError: (_controller, error) => reject(error) }
 * ```
 */
export interface ControllerHandler {
  onRequestStart?(controller: DispatchController, context: unknown): void
  onRequestUpgrade?(
    controller: DispatchController,
    statusCode: number,
    headers: unknown,
    socket: unknown,
  ): void
  onResponseStart?(
    controller: DispatchController,
    statusCode: number,
    headers: unknown,
    statusMessage?: string,
  ): void
  onResponseData?(controller: DispatchController, chunk: Buffer): void
  onResponseEnd?(controller: DispatchController, trailers: unknown): void
  onResponseError?(controller: DispatchController | null, error: Error): void
  onResponseStarted?(): void
}

/**
 * A dispatch handler of undici 6 (`onConnect`, `onHeaders`, …), also taken by 7.
 *
 * @example
 * ```ts
 * const handler: LegacyHandler = { onError: (error) => reject(error) }
 * ```
 */
export interface LegacyHandler {
  onConnect?(abort: (reason?: Error) => void, context?: unknown): void
  onHeaders?(
    statusCode: number,
    rawHeaders: unknown,
    resume: () => void,
    statusText?: string,
  ): boolean | void
  onData?(chunk: Buffer): boolean | void
  onComplete?(trailers: unknown): void
  onError?(error: Error): void
  onUpgrade?(statusCode: number, rawHeaders: unknown, socket: unknown): void
  onBodySent?(chunk: unknown): void
  onRequestSent?(): void
  onResponseStarted?(): void
}

/**
 * True for a handler of the new API: undici 7 and 8 hand interceptors those (7 wraps the old ones).
 *
 * @example
 * ```ts
 * const wrapped = isControllerHandler(handler) ? new ControllerReplayHandler(…) : new LegacyReplayHandler(…)
 * ```
 */
export function isControllerHandler(handler: object): handler is ControllerHandler {
  return typeof (handler as ControllerHandler).onRequestStart === 'function'
}
