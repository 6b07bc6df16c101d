import { redactAuthorization } from '@zoom-auth/core/adapter'

/** got's options for one request, as far as redacting goes. */
interface HoldsHeaders {
  readonly headers?: unknown
}

/**
 * got ends an aborted request with `destroy()`, which skips `beforeError` hooks, and a stream can't
 * be watched for its `error` without becoming a listener (which would swallow an error nobody else
 * handles). So the header is redacted as the signal aborts, from the options the stream has then (a
 * redirect brings new ones): got emits the error a tick later, and the request is dead anyway. The
 * listener goes when the stream ends or closes (got streams don't close by themselves), so a signal
 * that outlives many streams doesn't collect one per stream.
 *
 * @example
 * ```ts
 * const stream = next(options)
 * if (options.signal) redactStreamOnAbort(stream, options.signal)
 * ```
 */
export function redactStreamOnAbort(
  stream: {
    readonly options?: HoldsHeaders
    once(event: 'end' | 'close', listener: () => void): unknown
  },
  signal: AbortSignal,
): void {
  const redact = () => redactAuthorization(stream.options?.headers)
  const forget = () => signal.removeEventListener('abort', redact)
  signal.addEventListener('abort', redact, { once: true })
  stream.once('end', forget)
  stream.once('close', forget)
}

/** Per signal, the options to redact when it aborts; held weakly, so a finished request is freed. */
const watchedBySignal = new WeakMap<AbortSignal, Set<WeakRef<HoldsHeaders>>>()
const watched = new WeakSet<HoldsHeaders>()

/**
 * Redacts `options.headers` (as they are then) when `signal` aborts, for a request whose stream is
 * out of reach, so no end event can remove a listener: a stream's retry, which got builds itself.
 * Each signal gets one listener however many requests it covers, and holds their options only
 * weakly. (`AbortSignal.any` is no way out: Node keeps a dependent signal that has an `abort`
 * listener alive until it aborts, and with it whatever the listener holds.)
 *
 * @example
 * ```ts
 * if (options.signal) redactOptionsOnAbort(options, options.signal)
 * ```
 */
export function redactOptionsOnAbort(options: HoldsHeaders, signal: AbortSignal): void {
  if (signal.aborted || watched.has(options)) return
  watched.add(options)
  let refs = watchedBySignal.get(signal)
  if (refs === undefined) {
    const created = new Set<WeakRef<HoldsHeaders>>()
    watchedBySignal.set(signal, created)
    signal.addEventListener(
      'abort',
      () => {
        for (const ref of created) redactAuthorization(ref.deref()?.headers)
        watchedBySignal.delete(signal)
      },
      { once: true },
    )
    refs = created
  } else {
    // Forget requests already collected, so a long-lived signal's set stays as small as its work.
    for (const ref of refs) if (ref.deref() === undefined) refs.delete(ref)
  }
  refs.add(new WeakRef(options))
}
