import type { BodyReplay } from './body-replay.js'

type NodeReadable = NodeJS.ReadableStream & {
  readonly readableEnded?: boolean
  destroyed?: boolean
}

/**
 * True for a Node stream (a `Readable`, or an old-style `Stream` such as the `form-data` package):
 * something that is piped, and emits its bytes once.
 */
export function isNodeReadable(body: object): body is NodeReadable {
  const candidate = body as Partial<NodeReadable>
  return typeof candidate.pipe === 'function' && typeof candidate.on === 'function'
}

/** True for a WHATWG `ReadableStream` of any implementation. */
export function isWebReadableStream(body: object): body is ReadableStream {
  const candidate = body as Partial<ReadableStream>
  return typeof candidate.getReader === 'function' && typeof candidate.tee === 'function'
}

/**
 * A web stream is teed: one branch is sent, the other read eagerly into memory up to `maxBytes`.
 * Reading eagerly matters: a tee buffers what the slower branch hasn't read, so stopping at the cap
 * and cancelling our branch bounds that buffer too.
 */
export function copyWebStream(stream: ReadableStream, maxBytes: number): BodyReplay<ReadableStream> {
  const [sent, kept] = stream.tee()
  const reader = kept.getReader()
  let released = false
  const read = async (): Promise<Uint8Array | undefined> => {
    const chunks = new ChunkList(maxBytes)
    for (;;) {
      const { done, value } = (await reader.read()) as ReadableStreamReadResult<unknown>
      if (released) return undefined
      if (done) return chunks.bytes()
      // fetch only sends Uint8Array chunks; anything else fails the first attempt anyway.
      if (!(value instanceof Uint8Array) || !chunks.add(value)) break
    }
    await reader.cancel()
    return undefined
  }
  const bytes = read().catch(() => undefined)
  return {
    outcome: 'copy',
    first: sent,
    again: () => bytes,
    release: () => {
      if (released) return
      released = true
      reader.cancel().catch(() => {})
    },
  }
}

/**
 * A Node stream is sent as it is, and its bytes are copied as they flow: our `data` listener joins
 * the one the client's pipe adds (so the stream starts flowing only when the client reads it, and
 * at the client's pace). A client that reads otherwise (`'readable'`) leaves no copy: not resent.
 * If the server answered before the body was all sent, the rest is read here for the replay.
 */
export function copyNodeStream(stream: NodeReadable, maxBytes: number): BodyReplay<NodeReadable> {
  const chunks = new ChunkList(maxBytes)
  let copying = false
  let state: 'open' | 'ended' | 'failed' = 'open'
  let settle: (() => void) | undefined
  const done = () => {
    stream.removeListener('data', onData)
    settle?.()
  }
  const onData = (chunk: unknown) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    if (!(bytes instanceof Uint8Array) || !chunks.add(bytes)) {
      state = 'failed'
      done()
    }
  }
  const onNewListener = (event: string | symbol) => {
    if (event !== 'data' || copying) return
    copying = true
    stream.removeListener('newListener', onNewListener)
    stream.on('data', onData)
  }
  const onEnd = () => {
    if (state === 'open') state = 'ended'
    done()
  }
  const onFailure = () => {
    if (state === 'open') state = 'failed'
    done()
  }
  stream.on('newListener', onNewListener)
  stream.once('end', onEnd)
  stream.once('error', onFailure)
  stream.once('close', () => (stream.readableEnded ? onEnd() : onFailure()))

  const release = () => {
    stream.removeListener('newListener', onNewListener)
    if (state === 'open') state = 'failed'
    done()
  }
  return {
    outcome: 'copy',
    first: stream,
    again: () => {
      if (!copying) return Promise.resolve(undefined)
      if (state !== 'open') return Promise.resolve(state === 'ended' ? chunks.bytes() : undefined)
      return new Promise<Uint8Array | undefined>((resolve) => {
        settle = () => resolve(state === 'ended' ? chunks.bytes() : undefined)
        // The client stopped reading when the 401 came: read the rest here.
        if (!stream.destroyed) stream.resume()
      })
    },
    release,
  }
}

/** Chunks up to a byte cap, joined once at the end. */
class ChunkList {
  readonly #chunks: Uint8Array[] = []
  readonly #maxBytes: number
  #size = 0

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes
  }

  /** False once the cap is passed: the copy is then worthless. */
  add(chunk: Uint8Array): boolean {
    this.#size += chunk.byteLength
    if (this.#size > this.#maxBytes) return false
    // Copied: a producer may reuse its buffer after handing it out.
    this.#chunks.push(Uint8Array.prototype.slice.call(chunk))
    return true
  }

  bytes(): Uint8Array {
    const bytes = new Uint8Array(this.#size)
    let offset = 0
    for (const chunk of this.#chunks) {
      bytes.set(chunk, offset)
      offset += chunk.byteLength
    }
    return bytes
  }
}
