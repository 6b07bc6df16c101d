/**
 * A web `ReadableStream` that reads a Node `Readable` (or any async iterable) by its async iterator,
 * one chunk per pull, as fetch itself reads such a body: strings and other chunks become bytes with
 * `Buffer.from`, as undici does. The body replay can tee and copy this stream; a Node `Readable` can't
 * be copied where it is, because fetch reads it by iterating (`'readable'` events), and a copy taken
 * by listening for `'data'` would see nothing.
 *
 * @example
 * ```ts
 * const body = webStreamOf(createReadStream('recording.m4a'))
 * ```
 */
export function webStreamOf(iterable: AsyncIterable<unknown>): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<unknown> | undefined
  return new ReadableStream<Uint8Array>({
    start() {
      iterator = iterable[Symbol.asyncIterator]()
    },
    async pull(controller) {
      // An empty chunk enqueues nothing, and a pull that enqueues nothing is not called again: read on.
      for (;;) {
        const { done, value } = await (iterator as AsyncIterator<unknown>).next()
        if (done) return controller.close()
        const bytes = value instanceof Uint8Array ? value : Buffer.from(value as string)
        if (bytes.byteLength > 0) return controller.enqueue(bytes)
      }
    },
    async cancel() {
      // Ends the Readable as fetch's own reading would (its iterator destroys it).
      await iterator?.return?.()
    },
  })
}
