import { isInMemoryBody } from '@zoom-auth/core'

/**
 * True when the adapter can send this (already transformed) request body a second time. By the time
 * an adapter runs, axios has turned JSON and `URLSearchParams` into strings; strings, buffers, typed
 * arrays, `Blob`s and spec `FormData` are read afresh on every send. A stream (a Node `Readable`, the
 * `form-data` package, a web `ReadableStream`, any async iterable) is consumed by the first send.
 */
export function isReplayableBody(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || isInMemoryBody(data)) return true
  return !isStreamLike(data)
}

function isStreamLike(data: object): boolean {
  const candidate = data as { pipe?: unknown; getReader?: unknown }
  return (
    typeof candidate.pipe === 'function' ||
    typeof candidate.getReader === 'function' ||
    Symbol.asyncIterator in data
  )
}
