import { bodyReplay, cannotResend, type BodyReplay } from './body-replay.js'

/**
 * The replay plan for the body a WHATWG `Request` holds: always a stream, read once by sending the
 * Request. The Request goes out with its own body (so with its own `Content-Length`); the copy comes
 * from `request.clone()`, taken here, before the first send, and read up to `maxBytes` as the first
 * send goes; a replay sends the copy (in `init.body`, where it replaces the Request's own). `first`
 * is what to send as `init.body` the first time (default `undefined`: nothing, so the Request's own
 * body goes). `undefined`: the Request has no body.
 *
 * @example
 * ```ts
 * const plan = requestBodyReplay(request, { maxBytes: authorizer.maxReplayBodyBytes })
 * const response = await fetch(request, { headers })
 * const replay = await call.replay(signal, plan) // replay.body: the bytes first sent
 * ```
 */
export function requestBodyReplay<B = undefined>(
  request: Request,
  options: { maxBytes: number; first?: B },
): BodyReplay<B> | undefined {
  if (!request.body) return undefined
  const first = options.first as B
  // A used body can't be sent even once; fetch rejects it as it would have.
  if (request.bodyUsed) return cannotResend(first)
  const branch = request.clone().body
  if (!branch) return undefined
  const copy = bodyReplay(branch, { maxBytes: options.maxBytes })
  if (copy.outcome !== 'copy') return cannotResend(first)
  // Core tees the branch once more and hands back a side to send; the Request's own body goes
  // instead, so that side is cancelled at once (the tee then stops keeping chunks for it).
  copy.first.cancel().catch(() => {})
  return {
    outcome: 'copy',
    first,
    // A copy's again() gives the bytes copied, or undefined: never the stream itself.
    again: copy.again as () => Promise<Uint8Array | undefined>,
    release: copy.release,
  }
}
