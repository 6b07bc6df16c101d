import { bodyReplay, cannotResend, type BodyReplay } from '@zoom-auth/core/adapter'

/**
 * ky's classifier for core's body-replay contract. ky turns every body (`json`, a string,
 * `URLSearchParams`, bytes, a `Blob`, `FormData`, a stream) into a `Request`, whose body is a stream
 * read once by sending it: so the bytes are copied, up to `maxBytes`, from `request.clone()` — taken
 * here, before the first send, since ky 2 with `retry: 0` keeps no clone of its own. The Request
 * goes out with its own body (and its `Content-Length`); a replay sends the copy, so even a
 * `FormData` goes again with the very bytes and boundary of the first send. `undefined`: no body.
 *
 * @example
 * ```ts
 * const body = requestBodyReplay(request, authorizer.maxReplayBodyBytes)
 * const replay = await call.replay(signal, body) // replay.body: the bytes first sent
 * ```
 */
export function requestBodyReplay(
  request: Request,
  maxBytes: number,
): BodyReplay<undefined> | undefined {
  if (!request.body) return undefined
  // A used body can't be sent even once; fetch rejects it as it would have.
  if (request.bodyUsed) return cannotResend(undefined)
  const branch = request.clone().body
  if (!branch) return undefined
  const copy = bodyReplay(branch, { maxBytes })
  if (copy.outcome !== 'copy') return cannotResend(undefined)
  // Core tees the branch once more and hands back a side to send; the Request's own body goes
  // instead, so that side is cancelled at once (the tee then stops keeping chunks for it).
  copy.first.cancel().catch(() => {})
  return {
    outcome: 'copy',
    first: undefined,
    again: copy.again as () => Promise<Uint8Array | undefined>,
    release: copy.release,
  }
}
