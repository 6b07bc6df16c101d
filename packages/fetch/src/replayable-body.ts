import { isInMemoryBody } from '@zoom-auth/core'
import { isRequestLike, type RequestInput } from './request-parts.js'

/**
 * The largest stream body a replay can resend: a `Request`'s body (always a stream) or a
 * `ReadableStream` passed as `init.body`. Up to this many bytes are copied while the first attempt
 * is sent; a longer stream is not copied further, and its 401 goes to the caller.
 *
 * @example
 * ```ts
 * MAX_REPLAY_STREAM_BYTES // 1_048_576
 * ```
 */
export const MAX_REPLAY_STREAM_BYTES = 1024 * 1024

/**
 * How one request's body is sent, and sent again after a 401.
 *
 * @example
 * ```ts
 * const body: ReplayableBody = prepareBody(input, init)
 * ```
 */
export interface ReplayableBody {
  /** Init fields for the first attempt (a stream body is swapped for one branch of a tee). */
  readonly first: RequestInit
  /** Init fields that send the same body again, or `undefined` when it cannot be sent again. */
  replay(): Promise<RequestInit | undefined>
  /** Stops copying: the first response is the final one. */
  release(): void
}

/** Bodies fetch reads afresh on every call, so the same init can simply be sent twice. */
const RESENDABLE: ReplayableBody = {
  first: {},
  replay: () => Promise.resolve({}),
  release: () => {},
}

/** Bodies that are consumed by sending and that we can't copy (async iterables, Node streams). */
const NOT_RESENDABLE: ReplayableBody = {
  first: {},
  replay: () => Promise.resolve(undefined),
  release: () => {},
}

/**
 * Decides how a request's body survives a replay. Strings, `URLSearchParams`, `Blob`, `ArrayBuffer`
 * (and views such as `Buffer`) and `FormData` live in memory and are passed again as they are. A
 * stream is teed: one branch is sent, the other copied up to {@link MAX_REPLAY_STREAM_BYTES}.
 *
 * @example
 * ```ts
 * const body = prepareBody(input, init)
 * const response = await fetch(input, { ...init, ...body.first })
 * const again = await body.replay() // undefined: return the 401 as it is
 * ```
 */
export function prepareBody(input: RequestInput, init: RequestInit | undefined): ReplayableBody {
  const body = init?.body
  // As in fetch, a non-null init.body wins over a Request's own body.
  if (body !== undefined && body !== null) return prepareInitBody(body)
  if (isRequestLike(input)) return prepareRequestBody(input)
  return RESENDABLE
}

function prepareInitBody(body: BodyInit): ReplayableBody {
  if (isInMemoryBody(body)) return RESENDABLE
  if (!isReadableStream(body)) return NOT_RESENDABLE
  const [sent, kept] = body.tee()
  return copying(kept, { body: sent })
}

function prepareRequestBody(request: Request): ReplayableBody {
  // No body (GET, HEAD): the same Request can simply be sent again.
  if (request.body === null) return RESENDABLE
  // A used body can't be sent even once; the transport rejects it the way fetch would.
  if (request.bodyUsed) return NOT_RESENDABLE
  // clone() tees the body but leaves the original its known length, so the first attempt still goes
  // out with Content-Length; the clone's branch is the copy.
  const { body } = request.clone()
  return body === null ? RESENDABLE : copying(body, {})
}

function copying(stream: ReadableStream, first: RequestInit): ReplayableBody {
  const copy = copyUpTo(stream, MAX_REPLAY_STREAM_BYTES)
  return {
    first,
    replay: async () => {
      const bytes = await copy.bytes
      return bytes === undefined ? undefined : { body: bytes }
    },
    release: copy.cancel,
  }
}

interface StreamCopy {
  /** The whole stream, or `undefined` when it was longer than the cap, failed or was cancelled. */
  readonly bytes: Promise<Uint8Array<ArrayBuffer> | undefined>
  cancel(): void
}

/**
 * Reads a stream into memory while it is being sent. Reading eagerly matters: a tee buffers what the
 * slower branch hasn't read, so stopping at the cap and cancelling our branch bounds that buffer too.
 */
function copyUpTo(stream: ReadableStream, maxBytes: number): StreamCopy {
  const reader = stream.getReader()
  let cancelled = false
  const read = async (): Promise<Uint8Array<ArrayBuffer> | undefined> => {
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      const { done, value } = (await reader.read()) as ReadableStreamReadResult<unknown>
      if (cancelled) return undefined
      if (done) return concat(chunks, size)
      // fetch only sends Uint8Array chunks; anything else fails the first attempt anyway.
      if (!(value instanceof Uint8Array)) break
      size += value.byteLength
      if (size > maxBytes) break
      chunks.push(value)
    }
    await reader.cancel()
    return undefined
  }
  return {
    bytes: read().catch(() => undefined),
    cancel: () => {
      if (cancelled) return
      cancelled = true
      reader.cancel().catch(() => {})
    },
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

function isReadableStream(body: BodyInit): body is ReadableStream {
  const candidate = body as Partial<ReadableStream>
  return typeof candidate.getReader === 'function' && typeof candidate.tee === 'function'
}
