import type { AsyncLocalStorage } from 'node:async_hooks'
import { tracingChannel } from 'node:diagnostics_channel'
import { context as contextApi, type Context } from '@opentelemetry/api'

/** What one operation's tracer does with core's context object. */
export interface OperationHandlers<C extends object> {
  /**
   * At `start`, before anything else hears of it: the OpenTelemetry context the operation runs in
   * (its span made active), or `undefined` to leave the active context as it is.
   */
  enter(context: C): Context | undefined
  /** When it settled (`asyncEnd`), or failed before returning (`end` with an error). */
  exit(context: C): void
}

/**
 * Subscribes to one of core's tracing channels. The operation's own context becomes the active
 * OpenTelemetry context through `start.bindStore`: core runs the operation inside `start.runStores`,
 * so everything it starts — the transport's request, and with it undici's HTTP span — is a child.
 * The store is OpenTelemetry's `context.with`, so any context manager works, not only Node's
 * AsyncLocalStorage. Returns the function that unsubscribes.
 *
 * @example
 * ```ts
 * const stop = subscribeOperation(GET_TOKEN_CHANNEL_NAME, { enter: startSpan, exit: endSpan })
 * ```
 */
export function subscribeOperation<C extends object>(
  name: string,
  handlers: OperationHandlers<C>,
): () => void {
  const channel = tracingChannel<Context, C>(name)
  // bindStore asks only for `run(value, fn)`: OpenTelemetry's context API provides it.
  const store = {
    run: <R>(value: Context | undefined, fn: () => R): R =>
      value === undefined ? fn() : contextApi.with(value, fn),
  } as unknown as AsyncLocalStorage<Context>
  // A throwing transform or subscriber would surface as an uncaught exception in the app:
  // telemetry must never break token handling.
  const enter = (context: C) => guarded(() => handlers.enter(context))
  const exit = (context: C) => void guarded(() => handlers.exit(context))
  const onEnd = (message: unknown) => {
    if ((message as { error?: unknown }).error !== undefined) exit(message as C)
  }
  const onAsyncEnd = (message: unknown) => exit(message as C)

  channel.start.bindStore(store, enter as (context: C) => Context)
  channel.end.subscribe(onEnd)
  channel.asyncEnd.subscribe(onAsyncEnd)
  return () => {
    channel.start.unbindStore(store)
    channel.end.unsubscribe(onEnd)
    channel.asyncEnd.unsubscribe(onAsyncEnd)
  }
}

function guarded<T>(run: () => T): T | undefined {
  try {
    return run()
  } catch {
    return undefined
  }
}
