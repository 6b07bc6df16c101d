import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'

/**
 * An answer decided by a route or a fault, before it is written.
 *
 * @example
 * ```ts
 * const reply: Reply = { status: 302, body: {}, headers: { location: '/v2/users/me' } }
 * ```
 */
export interface Reply {
  status: number
  /** An object is sent as JSON; a string as is. */
  body: string | object
  /** Extra headers; they override the defaults (`content-type`, `x-zm-trackingid`). */
  headers?: Record<string, string>
}

/**
 * Headers of every token response: tokens are never cached (RFC 6749 5.1).
 *
 * @example
 * ```ts
 * jsonReply(200, { access_token }, NO_STORE)
 * ```
 */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' }

const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8'

/**
 * Shorthand for a JSON reply.
 *
 * @example
 * ```ts
 * jsonReply(401, { code: 124, message: 'Invalid access token.' })
 * ```
 */
export function jsonReply(status: number, body: object, headers?: Record<string, string>): Reply {
  return headers === undefined ? { status, body } : { status, body, headers }
}

/**
 * Writes `reply` with a JSON content type and a fresh `x-zm-trackingid`, as Zoom does on every answer.
 *
 * @example
 * ```ts
 * writeReply(res, jsonReply(200, { ok: true }))
 * ```
 */
export function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return
  const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
  const headers: Record<string, string | number> = {
    'content-type': JSON_CONTENT_TYPE,
    'x-zm-trackingid': newTrackingId(),
  }
  if (reply.headers !== undefined) {
    for (const [name, value] of Object.entries(reply.headers)) headers[name.toLowerCase()] = value
  }
  headers['content-length'] = Buffer.byteLength(body)
  res.writeHead(reply.status, headers)
  res.end(body)
}

/**
 * A random tracking id shaped like Zoom's (`v=2.0;clid=...;rid=...`).
 *
 * @example
 * ```ts
 * newTrackingId() // 'v=2.0;clid=emulator;rid=EMU_3f2a...'
 * ```
 */
export function newTrackingId(): string {
  return `v=2.0;clid=emulator;rid=EMU_${randomUUID().replaceAll('-', '')}`
}
