import {
  bodyReplay,
  classifyBody,
  requestBodyReplay,
  type BodyReplay,
} from '@zoom-auth/core/adapter'
import { isRequestLike, type RequestInput } from './request-parts.js'
import { webStreamOf } from './web-stream-of.js'

/** What `init.body` holds: what fetch sends, or (null, undefined) nothing that replaces a Request's. */
export type FetchBody = BodyInit | null | undefined

/**
 * fetch's classifier for core's body-replay contract: how the body of `fetch(resource, init)` is sent,
 * and sent again after a 401, or `undefined` when there is no body (the same init goes out again).
 * `first` is the `init.body` to send (`init.body` itself unless a stream had to be teed); a replay's
 * body goes in `init.body`, where it replaces a Request's own.
 *
 * - `init.body` (as in fetch, a non-null one wins over a Request's body): core's plan — strings,
 *   `URLSearchParams`, bytes, `Blob` and `FormData` are sent again as they are, a web
 *   `ReadableStream` is teed and copied up to `maxBytes`. A Node `Readable` is read as fetch reads
 *   it, through a web stream of its own (see {@link webStreamOf}), and copied from there. An async
 *   iterable of another kind cannot be resent.
 * - A `Request`'s own body (always a stream): sent as it is, so the first attempt keeps its
 *   `Content-Length`; `request.clone()` tees it, and that branch is copied up to `maxBytes` (core's
 *   `requestBodyReplay`).
 *
 * @example
 * ```ts
 * const plan = fetchBodyReplay(resource, init, authorizer.maxReplayBodyBytes)
 * const response = await fetch(resource, { ...init, body: plan ? plan.first : init?.body })
 * ```
 */
export function fetchBodyReplay(
  resource: RequestInput,
  init: RequestInit | undefined,
  maxBytes: number,
): BodyReplay<FetchBody> | undefined {
  const body = init?.body
  if (body !== undefined && body !== null) return initBodyReplay(body, maxBytes)
  if (isRequestLike(resource)) return requestBodyReplay(resource, { maxBytes, first: body })
  return undefined
}

function initBodyReplay(body: BodyInit, maxBytes: number): BodyReplay<FetchBody> {
  if (classifyBody(body) === 'node-stream' && Symbol.asyncIterator in (body as object))
    return bodyReplay<FetchBody>(webStreamOf(body as unknown as AsyncIterable<unknown>), {
      maxBytes,
    })
  return bodyReplay<FetchBody>(body, { maxBytes })
}
