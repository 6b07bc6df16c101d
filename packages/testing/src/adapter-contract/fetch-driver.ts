import type { AdapterInput, AdapterOptions } from '@zoom-auth/core'
import type { AdapterDriver, DriverBody, ReplayDeclarations } from './adapter-driver.js'
import { neverRejects, responseOutcome } from './driver-outcome.js'
import {
  ALL_IDENTICAL,
  declareReplays,
  FORM_DATA_SAME_PARTS,
  requireDriverParts,
  requirePart,
} from './driver-parts.js'
import { requestOptions } from './driver-request.js'

/**
 * What {@link fetchDriver} builds a client from: the adapter, and optionally the fetch it wraps
 * (default: the adapter's own default, the global fetch).
 *
 * @example
 * ```ts
 * const parts: FetchDriverParts = { zoomAuth, fetch: undici.fetch, name: 'fetch (undici)' }
 * ```
 */
export interface FetchDriverParts {
  /** `zoomAuth` of `@zoom-auth/fetch`, or of a fetch adapter of your own (returns a fetch). */
  zoomAuth(input: AdapterInput, options?: AdapterOptions & { fetch?: never }): unknown
  /** Passed to `zoomAuth` as its `fetch` option. */
  fetch?: unknown
  /** Default `'fetch'`. */
  name?: string
  /** Cells that differ from the fetch defaults (see {@link FETCH_REPLAYS}). */
  replays?: Partial<ReplayDeclarations>
}

/**
 * What fetch does with each body kind on a replay: the target of core's body-replay contract.
 *
 * @example
 * ```ts
 * FETCH_REPLAYS['node-stream'] // 'identical'
 * ```
 */
export const FETCH_REPLAYS: ReplayDeclarations = {
  ...ALL_IDENTICAL,
  'form-data': FORM_DATA_SAME_PARTS,
}

type Fetch = (url: string, init: Record<string, unknown>) => Promise<Response>

/**
 * An {@link AdapterDriver} for a fetch adapter: the fetch `zoomAuth` returns, called with a URL
 * string and an init. A JSON value is sent as `JSON.stringify(value)` with the content type
 * `application/json` (fetch has no JSON option), streams with `duplex: 'half'`.
 *
 * @throws TypeError (code `ERR_INVALID_ARG_TYPE`) when `zoomAuth` is missing.
 * @example
 * ```ts
 * import * as vitest from 'vitest'
 * import { zoomAuth } from '@zoom-auth/fetch'
 * import { describeAdapterContract, fetchDriver } from '@zoom-auth/testing/contracts'
 *
 * describeAdapterContract(vitest, fetchDriver({ zoomAuth }))
 * ```
 */
export function fetchDriver(parts: FetchDriverParts): AdapterDriver {
  requireDriverParts(parts, 'fetchDriver')
  const { zoomAuth, fetch, name = 'fetch' } = parts
  if (fetch !== undefined) requirePart(fetch, 'fetch', 'function')
  const wrap = zoomAuth as (input: AdapterInput, options: object) => Fetch
  return {
    name,
    replays: declareReplays(FETCH_REPLAYS, parts.replays),
    // fetch resolves every status: `throwHttpErrors` has nothing to change.
    client(input, options) {
      const zoomFetch = wrap(input, { ...options, ...(fetch !== undefined && { fetch }) })
      return neverRejects(async (request) => {
        const body = request.body === undefined ? {} : fetchBody(request.body)
        const response = await zoomFetch(request.url, {
          ...requestOptions(request, () => ({ ...body })),
          // A body's own Content-Type (a JSON value's) gives way to one the request names.
          headers: { ...body.headers, ...request.headers },
        })
        return responseOutcome(response)
      })
    },
  }
}

/** The init fields a body goes in. */
interface FetchBody {
  body?: unknown
  headers?: Record<string, string>
  duplex?: 'half'
}

/** The init fields a body goes in, as fetch's users send it. */
function fetchBody(body: DriverBody): FetchBody {
  if (body.kind === 'json')
    return { body: JSON.stringify(body.value), headers: { 'content-type': 'application/json' } }
  if (body.kind === 'web-stream' || body.kind === 'node-stream')
    return { body: body.value, duplex: 'half' }
  return { body: body.value }
}
