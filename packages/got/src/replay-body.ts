import {
  bodyReplay,
  cannotResend,
  classifyBody,
  resendAsIs,
  type BodyReplay,
  type Replay,
} from '@zoom-auth/core/adapter'
import type { OptionsInit } from 'got'
import type { CallState } from './call-state.js'

/** got's options as far as its body goes. */
interface BodyOptions {
  body?: unknown
}

/**
 * Before the first send: a stream body (a Node `Readable`, a web `ReadableStream`) is copied as got
 * sends it, up to `maxBytes`, so a 401 can be answered with the same bytes. A Node stream is copied
 * through a `data` listener beside got's pipe; a web stream is teed, and got sends one branch. Runs
 * in our `beforeRequest` hook (got has built the request, not yet sent its body), only for a call
 * that got a token and may be replayed, so other requests keep their stream untouched. A stream got
 * made itself (got 16 encodes a `FormData` into a web stream) is not copied: the `FormData` is kept.
 *
 * @example
 * ```ts
 * state.copy = copyStreamBody(state, options, authorizer.maxReplayBodyBytes)
 * ```
 */
export function copyStreamBody(
  state: CallState,
  options: BodyOptions,
  maxBytes: number,
): BodyReplay | undefined {
  const { body } = options
  if (typeof body !== 'object' || body === null || isEncodedFormData(state, body)) return undefined
  const kind = classifyBody(body)
  if (kind !== 'node-stream' && kind !== 'web-stream') return undefined
  const copy = bodyReplay(body, { maxBytes })
  if (copy.first !== body) options.body = copy.first
  return copy
}

/**
 * got's classifier: how the body of a request answered 401 can be sent again.
 *
 * - `json` and `form` (got has turned them into a string by now), a string, a `Buffer` or typed
 *   array: got reads them afresh on every send — resent as they are;
 * - a `FormData`: got encoded it into a one-shot generator (got 16: a stream), so the `FormData`
 *   the caller gave is resent, for got to encode afresh (a new boundary, a Content-Type to match);
 * - a stream copied as it was sent ({@link copyStreamBody}): the copy;
 * - anything else (an iterable or async iterable got has consumed, a stream too long to copy): cannot.
 *
 * @example
 * ```ts
 * const replay = await call.replay(options.signal, replayPlan(state, options.body))
 * ```
 */
export function replayPlan(state: CallState, body: unknown): BodyReplay | undefined {
  if (state.copy !== undefined) return state.copy
  if (isEncodedFormData(state, body)) return resendAsIs(state.given)
  switch (classifyBody(body)) {
    case 'none':
      return undefined
    case 'string':
    case 'bytes':
      return resendAsIs(body)
    default:
      return cannotResend(body)
  }
}

/** `body` is what got made of the `FormData` the caller gave (a generator in got 14, a stream in 16). */
function isEncodedFormData(state: CallState, body: unknown): boolean {
  return body !== state.given && classifyBody(state.given) === 'form-data'
}

/** got's options of the request answered 401, as far as resending goes. */
interface SentOptions {
  readonly body?: unknown
  readonly headers: Record<string, unknown>
}

/**
 * What `retryWithMergedOptions` merges in for the replay: the new `Authorization`, and the body when
 * it is not the one got still holds (a stream's copy, the `FormData` to encode afresh). A
 * Content-Type got made for the first encoding names a boundary the new one doesn't use: it is
 * taken out of the sent options, so that got makes one for the new encoding (got 14 makes one only
 * when there is none; got 16 keeps a header it didn't make, and merging `undefined` would be one).
 *
 * @example
 * ```ts
 * return retryWithMergedOptions(resendOptions(state, replay, response.request.options))
 * ```
 */
export function resendOptions(state: CallState, replay: Replay, sent: SentOptions): OptionsInit {
  const { authorization, body } = replay
  if (body === undefined || body === sent.body) return { headers: { authorization } }
  if (body === state.given && !state.contentTypeGiven) delete sent.headers['content-type']
  return { body: body as OptionsInit['body'], headers: { authorization } }
}
