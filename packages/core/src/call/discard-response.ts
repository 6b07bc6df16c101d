/** Past this many bytes a discarded body is cancelled rather than read: its socket is not worth it. */
const MAX_DRAIN_BYTES = 64 * 1024

/**
 * Reads and drops the body of a response nobody will see (the 401 that earned a replay). Reading it
 * to the end returns the connection to the pool so the replay can reuse it; cancelling it mid-way
 * would make the client close the socket. Never throws: a broken 401 body must not fail the replay.
 *
 * @example
 * ```ts
 * await discardResponse(firstResponse)
 * ```
 */
export async function discardResponse(response: { readonly body: unknown }): Promise<void> {
  const body = response.body as ReadableStream<Uint8Array> | null | undefined
  if (body === null || body === undefined || typeof body.getReader !== 'function') return
  try {
    const reader = body.getReader()
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      size += value.byteLength
      if (size > MAX_DRAIN_BYTES) {
        await reader.cancel()
        return
      }
    }
  } catch {
    // Nothing to do: the connection is gone either way.
  }
}
