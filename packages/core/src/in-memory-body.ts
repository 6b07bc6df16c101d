// Tags rather than instanceof: bodies may come from another realm or another fetch implementation (undici).
const IN_MEMORY_TAGS = new Set([
  '[object URLSearchParams]',
  '[object Blob]',
  '[object File]',
  '[object FormData]',
  '[object ArrayBuffer]',
  '[object SharedArrayBuffer]',
])

/**
 * True for a request body that lives in memory and can be handed to a transport again as it is after
 * a 401: a string, `URLSearchParams`, `Blob`/`File`, `FormData`, `ArrayBuffer` or a view of one (such
 * as `Buffer`). Streams and async iterables are consumed by the first send and are not.
 *
 * @example
 * ```ts
 * if (!isInMemoryBody(init.body)) return response // the 401 goes to the caller
 * ```
 */
export function isInMemoryBody(
  body: unknown,
): body is Exclude<NonNullable<RequestInit['body']>, ReadableStream> {
  if (typeof body === 'string' || ArrayBuffer.isView(body)) return true
  return IN_MEMORY_TAGS.has(Object.prototype.toString.call(body))
}
