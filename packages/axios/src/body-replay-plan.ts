import type { InternalAxiosRequestConfig } from 'axios'
import { bodyReplay, classifyBody, resendAsIs, type BodyReplay } from '@zoom-auth/core/adapter'

/** The headers a `form-data`-style body hands axios for each send. */
type FormHeaders = Record<string, string | number | boolean>

/** What axios' `formDataHeaderPolicy` lets through (axios 1.16+; older ones copy everything). */
const FORM_CONTENT_HEADERS = new Set(['content-type', 'content-length'])

/**
 * axios' classifier for the request body the adapter sees (`config.data` after
 * `transformRequest`): how it is sent again after a 401. `undefined` when there is nothing to plan —
 * no body, or a string (JSON and `URLSearchParams` are strings by now): `config.data` is sent again
 * as it is. Core's contract decides the rest (`bodyReplay`): buffers, `Blob` and spec `FormData`
 * are read afresh by every send; a web `ReadableStream` or a Node stream (the `form-data` package
 * included) is copied while it is sent, up to `maxBytes`. One kind differs from core's default: an
 * object that is neither of those is sent again as it is, because axios hands `config.data` to the
 * adapter afresh on each send and only a stream is consumed by one (a custom adapter may take any
 * object).
 *
 * @example
 * ```ts
 * const plan = bodyReplayPlan(config.data, authorizer.maxReplayBodyBytes)
 * if (plan) config.data = plan.first
 * ```
 */
export function bodyReplayPlan(data: unknown, maxBytes: number): BodyReplay | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  return classifyBody(data) === 'other' ? resendAsIs(data) : bodyReplay(data, { maxBytes })
}

/**
 * Puts the body a replay resends on the config. A copied stream comes back as the bytes first
 * sent: they go as a `Buffer` (axios' adapters then send a `Content-Length` of their length). A
 * `form-data` body gave the first send its `Content-Type` (with the boundary of those bytes) through
 * `getHeaders()`, not through the config: the same headers go on the config for the replay, as
 * axios sets them, or the bytes would go out under the config's default `Content-Type`.
 *
 * @example
 * ```ts
 * const replay = await call.replay(signal, plan)
 * if (replay) setReplayBody(config, plan, replay.body)
 * ```
 */
export function setReplayBody(
  config: InternalAxiosRequestConfig,
  plan: BodyReplay,
  body: unknown,
): void {
  if (plan.outcome !== 'copy' || !(body instanceof Uint8Array)) return
  config.data = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  const getHeaders = (plan.first as { getHeaders?: unknown } | null)?.getHeaders
  if (typeof getHeaders !== 'function') return
  const headers = getHeaders.call(plan.first) as FormHeaders | null | undefined
  const policy = (config as { formDataHeaderPolicy?: unknown }).formDataHeaderPolicy
  if (policy !== 'content-only') {
    config.headers.set(headers ?? {})
    return
  }
  for (const [name, value] of Object.entries(headers ?? {}))
    if (FORM_CONTENT_HEADERS.has(name.toLowerCase())) config.headers.set(name, value)
}
