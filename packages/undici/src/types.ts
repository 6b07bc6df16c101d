/**
 * The request options undici hands an interceptor (`Dispatcher.DispatchOptions`), as far as
 * {@link zoomAuth} reads them. Loose on purpose: it accepts the options of undici 6, 7 and 8, and the
 * package needs no undici types of its own.
 *
 * @example
 * ```ts
 * const options: UndiciDispatchOptions = { origin: 'https://api.zoom.us', path: '/v2/users/me', method: 'GET' }
 * ```
 */
export interface UndiciDispatchOptions {
  /** Where the request goes: `https://api.zoom.us`. A Pool or Client of undici 6 and 7 may leave it out. */
  origin?: string | URL | null
  /** The request target: `/v2/users/me?page_size=30`. */
  path?: string
  /** `GET`, `POST`…: passed on as it is. */
  method?: string
  /** A record, a `[name, value, …]` array, or an iterable of pairs. */
  headers?: unknown
  /** A string, bytes, a `Blob`, a `FormData`, a Node `Readable`, a web `ReadableStream`, an iterable… */
  body?: unknown
  /** `undici.request`'s abort signal; Node's `fetch` passes none (it aborts through its handler). */
  signal?: unknown
}

/**
 * A dispatch function as undici composes them: `(options, handler) => boolean`. The handler speaks
 * undici 6's callbacks (`onConnect`, `onHeaders`, …) or those of undici 7 and 8 (`onRequestStart`,
 * `onResponseStart`, …).
 *
 * @example
 * ```ts
 * const dispatch: UndiciDispatch = agent.dispatch.bind(agent)
 * ```
 */
export type UndiciDispatch = (options: UndiciDispatchOptions, handler: object) => boolean

/**
 * What {@link zoomAuth} returns: an undici interceptor for `dispatcher.compose()`. It takes the next
 * dispatch function (and, from undici 8 on, the origin of a composed Pool or Client) and returns a
 * dispatch function of exactly two parameters, as undici 6 insists.
 *
 * @example
 * ```ts
 * const interceptor: ZoomAuthInterceptor = zoomAuth(credentials)
 * const agent = new Agent().compose(interceptor)
 * ```
 */
export type ZoomAuthInterceptor = (
  dispatch: (options: never, handler: never) => unknown,
  origin?: unknown,
) => UndiciDispatch
