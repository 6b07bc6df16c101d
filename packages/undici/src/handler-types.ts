/**
 * undici's response controller (7 and 8): what a handler of the new API pauses, resumes and aborts
 * its request through.
 */
export interface DispatchController {
  pause(): void
  resume(): void
  abort(reason: Error): void
  readonly aborted?: boolean
  readonly paused?: boolean
}

/** A dispatch handler of undici 7 and 8 (`onRequestStart`, `onResponseStart`, …). */
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

/** A dispatch handler of undici 6 (`onConnect`, `onHeaders`, …), also taken by 7. */
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

/**
 * Reports an error to a handler of either API, before or after anything was sent: undici's own
 * interceptors do the same (`onResponseError(null, error)` with no controller yet, or `onError`).
 *
 * @example
 * ```ts
 * authorizer.authorize(url).catch((error) => failHandler(handler, error))
 * ```
 */
export function failHandler(handler: object, error: unknown): void {
  const reason = error instanceof Error ? error : new Error(String(error))
  const controllerHandler = handler as ControllerHandler
  if (typeof controllerHandler.onResponseError === 'function')
    controllerHandler.onResponseError(null, reason)
  else (handler as LegacyHandler).onError?.(reason)
}
