import type { AdapterInput, AdapterOptions } from '@zoom-auth/core'
import type { AdapterDriver, DriverBody, ReplayDeclarations } from './adapter-driver.js'
import { neverRejects, parsedOutcome } from './driver-outcome.js'
import {
  ALL_IDENTICAL,
  declareReplays,
  FORM_DATA_SAME_PARTS,
  requireDriverParts,
} from './driver-parts.js'
import { requestOptions } from './driver-request.js'

/**
 * What {@link gotDriver} builds a client from: got itself and the adapter. The types are loose on
 * purpose: this package loads no HTTP client of its own.
 *
 * @example
 * ```ts
 * const parts: GotDriverParts = { got, zoomAuth }
 * ```
 */
export interface GotDriverParts {
  /** got's default export (`import got from 'got'`). */
  got: { extend(...options: never[]): unknown }
  /** `zoomAuth` of `@zoom-auth/got`, or of a got adapter of your own (got `ExtendOptions`). */
  zoomAuth(input: AdapterInput, options?: AdapterOptions): unknown
  /** Cells that differ from the got defaults (see {@link GOT_REPLAYS}). */
  replays?: Partial<ReplayDeclarations>
}

/**
 * What got does with each body kind on a replay: the target of core's body-replay contract.
 *
 * @example
 * ```ts
 * GOT_REPLAYS.blob.outcome // 'unsupported'
 * ```
 */
export const GOT_REPLAYS: ReplayDeclarations = {
  ...ALL_IDENTICAL,
  blob: {
    outcome: 'unsupported',
    reason:
      "got's body option refuses a Blob before sending (blob.stream() or its bytes are sendable)",
  },
  'form-data': FORM_DATA_SAME_PARTS,
}

/** What the driver calls on a got instance. */
type GotInstance = (
  url: string,
  options: Record<string, unknown>,
) => Promise<{ statusCode: number; headers: object; body: string }>

/**
 * An {@link AdapterDriver} for a got adapter: an instance of `got.extend()` with got's retries
 * off (`retry.limit` 0), `throwHttpErrors` as asked, and the options `zoomAuth` returns. A JSON
 * value goes in `json`, URLSearchParams in `form` (got's body refuses them), everything else in
 * `body`.
 *
 * @throws TypeError (code `ERR_INVALID_ARG_TYPE`) when `got` or `zoomAuth` is missing.
 * @example
 * ```ts
 * import * as vitest from 'vitest'
 * import got from 'got'
 * import { zoomAuth } from '@zoom-auth/got'
 * import { describeAdapterContract, gotDriver } from '@zoom-auth/testing/contracts'
 *
 * describeAdapterContract(vitest, gotDriver({ got, zoomAuth }))
 * ```
 */
export function gotDriver(parts: GotDriverParts): AdapterDriver {
  requireDriverParts(parts, 'gotDriver', ['got', 'extend'])
  const { got, zoomAuth } = parts
  const extend = got.extend.bind(got) as (...options: unknown[]) => GotInstance
  return {
    name: 'got',
    replays: declareReplays(GOT_REPLAYS, parts.replays),
    client(input, options, { throwHttpErrors = false } = {}) {
      const instance = extend({ retry: { limit: 0 }, throwHttpErrors }, zoomAuth(input, options))
      return neverRejects(async (request) => {
        const response = await instance(request.url, requestOptions(request, gotBody))
        const { statusCode, headers, body } = response
        return parsedOutcome(statusCode, Object.entries(headers), body, response)
      })
    },
  }
}

/** The got option a body goes in, as got's users send it. */
function gotBody(body: DriverBody): Record<string, unknown> {
  if (body.kind === 'json') return { json: body.value }
  if (body.kind === 'url-search-params') return { form: Object.fromEntries(body.value) }
  return { body: body.value }
}
