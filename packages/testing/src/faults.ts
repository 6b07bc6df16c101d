import { STATUS_CODES, validateHeaderName, validateHeaderValue } from 'node:http'
import type { Reply } from './reply.js'
import type { EmulatorFault } from './types.js'

/**
 * Which side of the emulator a fault replaces; it shapes the default body.
 *
 * @example
 * ```ts
 * faultReply({}, 'token').body // { reason: 'Internal Server Error', error: 'server_error' }
 * ```
 */
export type FaultTarget = 'token' | 'api'

/**
 * Faults waiting for the next requests, first in first out, each for a number of requests.
 *
 * @example
 * ```ts
 * const queue = new FaultQueue()
 * queue.add({ status: 503 }, 2)
 * queue.take() // { status: 503 }
 * queue.take() // { status: 503 }
 * queue.take() // undefined
 * ```
 */
export class FaultQueue {
  readonly #pending: Array<{ fault: EmulatorFault; remaining: number }> = []

  /** Queues `fault` for the next `count` requests, after the faults already queued. */
  add(fault: EmulatorFault, count = 1): void {
    checkFault(fault)
    if (!Number.isInteger(count) || count < 1) {
      throw new TypeError(`"count" must be a positive integer, got ${String(count)}`)
    }
    const copy =
      fault.headers === undefined ? { ...fault } : { ...fault, headers: { ...fault.headers } }
    this.#pending.push({ fault: copy, remaining: count })
  }

  /** The fault for the current request, if any, used up by this call. */
  take(): EmulatorFault | undefined {
    const head = this.#pending[0]
    if (head === undefined) return undefined
    head.remaining--
    if (head.remaining === 0) this.#pending.shift()
    return head.fault
  }

  /** How many requests the queued faults still cover. */
  get size(): number {
    return this.#pending.reduce((total, entry) => total + entry.remaining, 0)
  }
}

/**
 * The status a fault answers with (also recorded in stats); `0` for a reset.
 *
 * @example
 * ```ts
 * faultStatus({ html: true }) // 502
 * ```
 */
export function faultStatus(fault: EmulatorFault): number {
  if (fault.reset === true) return 0
  return fault.status ?? (fault.html === true ? 502 : 500)
}

/**
 * The reply a (non-reset) fault sends: its own body, an HTML error page, or a Zoom-shaped JSON error.
 *
 * @example
 * ```ts
 * faultReply({ status: 503 }, 'api') // { status: 503, body: { code: 503, message: 'Service Unavailable' } }
 * ```
 */
export function faultReply(fault: EmulatorFault, target: FaultTarget): Reply {
  const status = faultStatus(fault)
  const statusText = STATUS_CODES[status] ?? 'Error'
  let reply: Reply
  if (fault.html === true) {
    reply = {
      status,
      body:
        typeof fault.body === 'string'
          ? fault.body
          : `<html><body><h1>${status} ${statusText}</h1></body></html>`,
      headers: { 'content-type': 'text/html' },
    }
  } else if (fault.body !== undefined) {
    reply = { status, body: fault.body }
  } else if (target === 'token') {
    reply = {
      status,
      body: { reason: statusText, error: status >= 500 ? 'server_error' : 'invalid_request' },
    }
  } else {
    reply = { status, body: { code: status, message: statusText } }
  }
  if (fault.headers !== undefined) reply.headers = { ...reply.headers, ...fault.headers }
  return reply
}

function checkFault(fault: EmulatorFault): void {
  if (typeof fault !== 'object' || fault === null) {
    throw new TypeError('a fault must be an object, e.g. { status: 503 }')
  }
  const { status, delayMs, headers, afterProcessing } = fault
  // A 1xx is informational, never a final answer: a client would hang on it or drop the socket.
  if (status !== undefined && (!Number.isInteger(status) || status < 200 || status > 999)) {
    throw new TypeError(`"status" must be an HTTP status from 200 to 999, got ${String(status)}`)
  }
  if (
    delayMs !== undefined &&
    (typeof delayMs !== 'number' || Number.isNaN(delayMs) || delayMs < 0)
  ) {
    throw new TypeError(`"delayMs" must be a number >= 0 (Infinity hangs), got ${String(delayMs)}`)
  }
  if (afterProcessing !== undefined && typeof afterProcessing !== 'boolean') {
    throw new TypeError(`"afterProcessing" must be a boolean, got ${String(afterProcessing)}`)
  }
  for (const [name, value] of Object.entries(headers ?? {})) {
    try {
      validateHeaderName(name)
      validateHeaderValue(name, value)
    } catch (error) {
      throw new TypeError(`fault header "${name}" cannot be sent: ${(error as Error).message}`)
    }
  }
}
