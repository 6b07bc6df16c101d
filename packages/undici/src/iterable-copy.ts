import type { BodyReplay } from '@zoom-auth/core/adapter'

type AnyIterable = Iterable<unknown> | AsyncIterable<unknown>

/**
 * An iterable body (an async generator, the body Node's `fetch` hands its dispatcher, an array of
 * chunks) sent once and copied as undici pulls it, chunk by chunk, up to `maxBytes`: undici reads an
 * iterable body by iterating it, so the copy sits in that iteration, with nothing read ahead of what
 * is sent. When a 401 comes before undici has read it all, the rest is read here for the replay.
 * Chunks must be bytes or strings (as undici sends them); anything else leaves no copy.
 *
 * @example
 * ```ts
 * const plan = copyIterable(fetchBodyGenerator, 1024 * 1024)
 * dispatch({ ...options, body: plan.first }, handler)
 * const again = await plan.again() // the same bytes, or undefined
 * ```
 */
export function copyIterable(
  body: AnyIterable,
  maxBytes: number,
): BodyReplay<AsyncIterable<unknown>> {
  const copy = new ByteCopy(maxBytes)
  let iterator: Iterator<unknown> | AsyncIterator<unknown> | undefined
  let state: 'open' | 'ended' | 'failed' = 'open'

  const source = () =>
    (iterator ??=
      Symbol.asyncIterator in body
        ? (body as AsyncIterable<unknown>)[Symbol.asyncIterator]()
        : (body as Iterable<unknown>)[Symbol.iterator]())

  // Every read of the source, undici's and ours, goes through here, so the copy keeps their order.
  const pull = async (): Promise<IteratorResult<unknown>> => {
    let result: IteratorResult<unknown>
    try {
      result = await source().next()
    } catch (error) {
      state = 'failed'
      throw error
    }
    if (result.done === true) {
      if (state === 'open') state = 'ended'
    } else if (state === 'open' && !copy.add(result.value)) {
      state = 'failed'
    }
    return result
  }

  const first: AsyncIterable<unknown> = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const { done, value } = await pull()
        if (done === true) return
        yield value
      }
    },
  }

  // again() waits for the rest of the body, which may never come: release() (an abort) ends the wait.
  let onRelease: (() => void) | undefined
  const released = new Promise<void>((resolve) => (onRelease = resolve))

  return {
    outcome: 'copy',
    first,
    async again() {
      const rest = (async () => {
        while (state === 'open') await pull()
      })().catch(() => {})
      await Promise.race([rest, released])
      if (state === 'ended') return copy.bytes()
      // Too long, not bytes, or released: the rest is not worth reading.
      void Promise.resolve(iterator?.return?.()).catch(() => {})
      return undefined
    },
    release() {
      if (state === 'open') state = 'failed'
      copy.clear()
      onRelease?.()
    },
  }
}

/** Chunks up to a byte cap, joined once at the end. */
class ByteCopy {
  #chunks: Uint8Array[] = []
  #size = 0
  readonly #maxBytes: number

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes
  }

  /** False once the cap is passed, or for a chunk that is not bytes or text. */
  add(chunk: unknown): boolean {
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk)
        : chunk instanceof Uint8Array
          ? // Copied: a producer may reuse its buffer after handing it out.
            Uint8Array.prototype.slice.call(chunk)
          : undefined
    if (bytes === undefined) return false
    this.#size += bytes.byteLength
    if (this.#size > this.#maxBytes) return false
    this.#chunks.push(bytes)
    return true
  }

  bytes(): Uint8Array {
    return Buffer.concat(this.#chunks, this.#size)
  }

  clear(): void {
    this.#chunks = []
  }
}
