import type { ControllerHandler, LegacyHandler } from './handler-types.js'

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
