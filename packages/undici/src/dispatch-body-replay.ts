import {
  bodyReplay,
  cannotResend,
  classifyBody,
  resendAsIs,
  type BodyReplay,
} from '@zoom-auth/core/adapter'
import { copyIterable } from './iterable-copy.js'

/**
 * undici's classifier for core's body-replay contract: how a dispatch's `body` is sent, and sent again
 * after a 401, or `undefined` when there is none. `first` is the body to dispatch.
 *
 * - In memory (a string, bytes, a `Blob`, a `FormData`, `URLSearchParams`): sent again as it is.
 *   undici encodes a `FormData` afresh on every send (a new multipart boundary, a Content-Type to match).
 * - A Node `Readable` (and an old-style stream such as the `form-data` package), a web
 *   `ReadableStream`: core's bounded copy — undici writes a Node stream through `data` events, where
 *   core's copy listens, and reads a web stream by async iteration, which core's tee serves.
 * - Any other iterable, sync or async (a generator; the body Node's `fetch` dispatches, whatever
 *   `fetch` was given): copied as undici iterates it (see {@link copyIterable}). core calls these
 *   "cannot", since a client that reads them elsewhere can't be followed; undici reads them here.
 * - Anything else: cannot (undici refuses it before sending).
 *
 * @example
 * ```ts
 * const plan = dispatchBodyReplay(options.body, authorizer.maxReplayBodyBytes)
 * dispatch({ ...options, body: plan ? plan.first : options.body }, handler)
 * ```
 */
export function dispatchBodyReplay(
  body: unknown,
  maxBytes: number,
): BodyReplay<unknown> | undefined {
  const kind = classifyBody(body)
  switch (kind) {
    case 'none':
      return undefined
    case 'string':
    case 'bytes':
    case 'blob':
    case 'form-data':
    case 'url-search-params':
      return resendAsIs(body)
    case 'node-stream':
    case 'web-stream':
      return bodyReplay(body, { maxBytes })
    default:
      return isIterable(body) ? copyIterable(body, maxBytes) : cannotResend(body)
  }
}

function isIterable(body: unknown): body is Iterable<unknown> | AsyncIterable<unknown> {
  return (
    typeof body === 'object' &&
    body !== null &&
    (typeof (body as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function' ||
      typeof (body as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function')
  )
}
