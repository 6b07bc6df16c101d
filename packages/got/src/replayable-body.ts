/**
 * True when got can send this request body again: nothing, a string, or bytes in memory. got turns
 * `json` and `form` into a string before the first attempt, so those count too. A Node stream, an
 * async iterable, or a `FormData` (which got encodes into a one-shot generator) is consumed by the
 * first attempt and cannot be replayed.
 *
 * @example
 * ```ts
 * if (!isReplayableBody(response.request.options.body)) return response
 * ```
 */
export function isReplayableBody(body: unknown): boolean {
  return body === undefined || typeof body === 'string' || ArrayBuffer.isView(body)
}
