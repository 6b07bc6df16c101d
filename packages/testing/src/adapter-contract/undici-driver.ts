import type { AdapterInput, AdapterOptions } from '@zoom-auth/core'
import type { AdapterDriver, DriverBody, ReplayDeclarations } from './adapter-driver.js'
import { lowerCaseHeaders, parseBody } from './driver-outcome.js'
import {
  ALL_IDENTICAL,
  declareReplays,
  FORM_DATA_SAME_PARTS,
  requirePart,
  requireParts,
} from './driver-parts.js'
import { invalidContractArgument } from '../token-store-contract/contract-arguments.js'

/**
 * What {@link undiciDriver} builds a client from: the undici module and the adapter's interceptor.
 * The types are loose on purpose: this package loads no HTTP client of its own.
 *
 * @example
 * ```ts
 * import * as undici from 'undici'
 * const parts: UndiciDriverParts = { undici, zoomAuth, redirect: 'outside' }
 * ```
 */
export interface UndiciDriverParts {
  /** The undici module (`import * as undici from 'undici'`), 6.9 or later: its `Agent`, `request`, `interceptors` and `FormData`. */
  undici: {
    Agent: new () => { compose(...interceptors: never[]): unknown }
    request(url: string, options: never): Promise<unknown>
    interceptors: { redirect(options: { maxRedirections: number }): unknown }
    FormData?: new () => { append(name: string, value: string | Blob): void }
  }
  /** `zoomAuth` of `@zoom-auth/undici`, or of an undici interceptor of your own. */
  zoomAuth(input: AdapterInput, options?: AdapterOptions): unknown
  /**
   * Where undici's `redirect` interceptor sits: `'inside'` (default) runs it below zoomAuth
   * (`agent.compose(redirect, zoomAuth)`: zoomAuth sees the call once, undici follows the hops);
   * `'outside'` above it (`agent.compose(zoomAuth, redirect)`: every hop passes through zoomAuth).
   */
  redirect?: 'inside' | 'outside'
  /**
   * The dispatcher zoomAuth is composed on, new for each client: default `new undici.Agent()`; an
   * undici `MockAgent` for hosts no test may reach.
   */
  agent?: () => { compose(...interceptors: never[]): unknown }
  /** Default `'undici'`, with the redirect side when it is `'outside'`. */
  name?: string
  /** Cells that differ from the undici defaults (see {@link UNDICI_REPLAYS}). */
  replays?: Partial<ReplayDeclarations>
}

/**
 * What `undici.request` does with each body kind on a replay: every kind byte for byte but a
 * `FormData`, which undici encodes afresh on every send.
 *
 * @example
 * ```ts
 * UNDICI_REPLAYS['form-data'] // { outcome: 'same-parts', … }
 * ```
 */
export const UNDICI_REPLAYS: ReplayDeclarations = {
  ...ALL_IDENTICAL,
  'form-data': FORM_DATA_SAME_PARTS,
}

/** How the driver calls `undici.request`. */
type UndiciRequest = (
  url: string,
  options: Record<string, unknown>,
) => Promise<{
  statusCode: number
  headers: Record<string, unknown>
  body: { text(): Promise<string> }
}>

/** Redirects the driver's client follows, as a browser-like default. */
const MAX_REDIRECTIONS = 5

/**
 * An {@link AdapterDriver} for an undici interceptor: `undici.request` on a new `Agent` (or the
 * dispatcher `agent` makes) composed with undici's `redirect` interceptor (5 redirects) and the
 * interceptor `zoomAuth` returns, in the order `redirect` names. undici has no retries unless composed in, and resolves every status
 * (`throwHttpErrors` has nothing to change). A JSON value is sent as `JSON.stringify(value)`,
 * `URLSearchParams` as its text, each with its Content-Type (undici's `request` takes text, bytes,
 * streams, iterables, a `Blob` or a `FormData`); a `FormData` is rebuilt as undici's own (undici 8
 * refuses Node's).
 *
 * @throws TypeError (code `ERR_INVALID_ARG_TYPE`) when `undici` or `zoomAuth` is missing, or
 *   (`ERR_INVALID_ARG_VALUE`) for a `redirect` other than `'inside'` or `'outside'`.
 * @example
 * ```ts
 * import * as vitest from 'vitest'
 * import * as undici from 'undici'
 * import { zoomAuth } from '@zoom-auth/undici'
 * import { describeAdapterContract, undiciDriver } from '@zoom-auth/testing/contracts'
 *
 * describeAdapterContract(vitest, undiciDriver({ undici, zoomAuth }))
 * ```
 */
export function undiciDriver(parts: UndiciDriverParts): AdapterDriver {
  requireParts(parts, 'undiciDriver')
  const { undici, zoomAuth, redirect = 'inside', agent = () => new undici.Agent() } = parts
  requirePart(undici, 'undici', 'object')
  requirePart(undici.Agent, 'undici.Agent', 'function')
  requirePart(undici.request, 'undici.request', 'function')
  requirePart(undici.interceptors?.redirect, 'undici.interceptors.redirect', 'function')
  requirePart(zoomAuth, 'zoomAuth', 'function')
  requirePart(agent, 'agent', 'function')
  if (redirect !== 'inside' && redirect !== 'outside')
    throw invalidContractArgument(
      'ERR_INVALID_ARG_VALUE',
      `"redirect" must be 'inside' or 'outside'`,
    )
  const request = undici.request as unknown as UndiciRequest
  return {
    name: parts.name ?? (redirect === 'inside' ? 'undici' : 'undici (redirect outside)'),
    replays: declareReplays(UNDICI_REPLAYS, parts.replays),
    client(input, options) {
      const follow = undici.interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS })
      const auth = zoomAuth(input, options)
      // compose() runs the interceptor given last first: it sees the request before the others.
      const order = redirect === 'inside' ? [follow, auth] : [auth, follow]
      const dispatcher = agent().compose(...(order as never[]))
      return async (sent) => {
        try {
          const body = sent.body === undefined ? {} : undiciBody(sent.body, undici.FormData)
          const response = await request(sent.url, {
            dispatcher,
            method: sent.method ?? 'GET',
            ...(body.body !== undefined && { body: body.body }),
            headers: { ...body.headers, ...sent.headers },
            ...(sent.signal && { signal: sent.signal }),
          })
          const text = await response.body.text()
          return {
            ok: true,
            status: response.statusCode,
            headers: lowerCaseHeaders(Object.entries(response.headers)),
            body: parseBody(text),
            raw: response,
          }
        } catch (error) {
          return { ok: false, error }
        }
      }
    },
  }
}

/** The request options a body goes in, as undici's users send it. */
function undiciBody(
  body: DriverBody,
  FormDataOfUndici: UndiciDriverParts['undici']['FormData'],
): { body?: unknown; headers?: Record<string, string> } {
  switch (body.kind) {
    case 'json':
      return {
        body: JSON.stringify(body.value),
        headers: { 'content-type': 'application/json' },
      }
    case 'url-search-params':
      return {
        body: body.value.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      }
    case 'form-data': {
      if (FormDataOfUndici === undefined) return { body: body.value }
      const form = new FormDataOfUndici()
      for (const [name, value] of body.value.entries()) form.append(name, value)
      return { body: form }
    }
    default:
      return { body: body.value }
  }
}
