import { copyNodeStream, copyWebStream, isNodeReadable, isWebReadableStream } from './stream-copy.js'

/**
 * The largest body a replay keeps a copy of, by default: 1 MiB. A stream longer than this is not
 * copied further, and its 401 goes to the caller (the token is retired all the same).
 *
 * @example
 * ```ts
 * zoomAuth(credentials, { maxReplayBodyBytes: 8 * DEFAULT_MAX_REPLAY_BODY_BYTES })
 * ```
 */
export const DEFAULT_MAX_REPLAY_BODY_BYTES = 1024 * 1024

/**
 * What a request body is, as far as sending it twice goes. Decided by what the value is (its
 * methods and class), never by a `Symbol.toStringTag`, which anyone can set: the `form-data`
 * package calls itself `[object FormData]` but is a one-shot Node stream.
 */
export type BodyKind =
  | 'none'
  | 'string'
  | 'url-search-params'
  | 'bytes'
  | 'blob'
  | 'form-data'
  | 'web-stream'
  | 'node-stream'
  | 'async-iterable'
  | 'other'

/**
 * How one request's body is sent, and sent again after a 401 — one of three outcomes: resent as it
 * is (it lives in memory), a bounded copy taken while the first attempt streams it, or not at all.
 *
 * @example
 * ```ts
 * const replay = bodyReplay(init.body, { maxBytes })
 * await send(replay.first)
 * const again = await replay.again() // undefined: cannot be resent
 * ```
 */
export interface BodyReplay<B = unknown> {
  /** What this body does on a replay. */
  readonly outcome: 'resend' | 'copy' | 'cannot'
  /** The body to send the first time (for a copy: a stream that feeds the copy as it is read). */
  readonly first: B
  /** The body to send again, or `undefined` when it cannot be (too long, failed, released). */
  again(): Promise<B | Uint8Array | undefined>
  /** Stops copying: the first response is the final one. Safe to call more than once. */
  release(): void
}

/**
 * What a request body is (see {@link BodyKind}). Streams are checked first: a stream that also
 * looks like something else (`form-data`) is still consumed by sending it.
 *
 * @example
 * ```ts
 * classifyBody(new URLSearchParams('a=1')) // 'url-search-params'
 * classifyBody(new (require('form-data'))()) // 'node-stream'
 * ```
 */
export function classifyBody(body: unknown): BodyKind {
  if (body === undefined || body === null) return 'none'
  if (typeof body === 'string') return 'string'
  if (typeof body !== 'object') return 'other'
  if (isNodeReadable(body)) return 'node-stream'
  if (isWebReadableStream(body)) return 'web-stream'
  if (ArrayBuffer.isView(body) || body instanceof ArrayBuffer) return 'bytes'
  if (typeof SharedArrayBuffer === 'function' && body instanceof SharedArrayBuffer) return 'bytes'
  if (body instanceof URLSearchParams) return 'url-search-params'
  if (body instanceof Blob) return 'blob'
  if (isSpecFormData(body)) return 'form-data'
  if (Symbol.asyncIterator in body) return 'async-iterable'
  return 'other'
}

/** Bodies that live in memory: every send reads them afresh. */
const IN_MEMORY: ReadonlySet<BodyKind> = new Set([
  'none',
  'string',
  'url-search-params',
  'bytes',
  'blob',
  'form-data',
])

/**
 * The replay plan for a body, by its kind: in-memory bodies are resent as they are; a web
 * `ReadableStream` or a Node `Readable` is copied while it is sent, up to `maxBytes`; anything else
 * (an async iterable, an unknown object) cannot be resent. An adapter whose client can't resend some
 * kind passes its own plan instead (see {@link resendAsIs}, {@link cannotResend}).
 *
 * @example
 * ```ts
 * const replay = bodyReplay(config.data, { maxBytes: DEFAULT_MAX_REPLAY_BODY_BYTES })
 * config.data = replay.first
 * ```
 */
export function bodyReplay<B>(body: B, options: { maxBytes: number }): BodyReplay<B> {
  const kind = classifyBody(body)
  if (IN_MEMORY.has(kind)) return resendAsIs(body)
  if (kind === 'web-stream')
    return copyWebStream(body as ReadableStream, options.maxBytes) as BodyReplay<B>
  if (kind === 'node-stream')
    return copyNodeStream(body as NodeJS.ReadableStream, options.maxBytes) as BodyReplay<B>
  return cannotResend(body)
}

/**
 * A plan for a body the client reads afresh on every send.
 *
 * @example
 * ```ts
 * resendAsIs('{"topic":"standup"}')
 * ```
 */
export function resendAsIs<B>(body: B): BodyReplay<B> {
  return {
    outcome: 'resend',
    first: body,
    again: () => Promise.resolve(body),
    release: () => {},
  }
}

/**
 * A plan for a body that is gone once sent: the 401 goes to the caller and the token is retired.
 *
 * @example
 * ```ts
 * cannotResend(asyncGenerator())
 * ```
 */
export function cannotResend<B>(body: B): BodyReplay<B> {
  return {
    outcome: 'cannot',
    first: body,
    again: () => Promise.resolve(undefined),
    release: () => {},
  }
}

/**
 * True for a WHATWG `FormData` of any implementation (Node's global one, the `undici` package's),
 * by its methods: the `form-data` package has `append` but none of `getAll`, `has` or `entries`,
 * and is caught as a Node stream before this is asked.
 */
function isSpecFormData(body: object): boolean {
  if (typeof FormData === 'function' && body instanceof FormData) return true
  const candidate = body as Partial<FormData>
  return (
    typeof candidate.append === 'function' &&
    typeof candidate.getAll === 'function' &&
    typeof candidate.has === 'function' &&
    typeof candidate.entries === 'function'
  )
}
