import type { AdapterInput, AdapterOptions } from '@zoom-auth/core'
import type { AdapterDriver, DriverBody, ReplayDeclarations } from './adapter-driver.js'
import { neverRejects, responseOutcome } from './driver-outcome.js'
import { ALL_IDENTICAL, declareReplays, requireDriverParts } from './driver-parts.js'
import { requestOptions } from './driver-request.js'

/**
 * What {@link kyDriver} builds a client from: ky itself (1 or 2) and the adapter. The types are
 * loose on purpose: this package loads no HTTP client of its own.
 *
 * @example
 * ```ts
 * const parts: KyDriverParts = { ky, zoomAuth, name: 'ky 1' }
 * ```
 */
export interface KyDriverParts {
  /** ky's default export (`import ky from 'ky'`), of ky 1 or ky 2. */
  ky: { create(options?: never): unknown }
  /** `zoomAuth` of `@zoom-auth/ky`, or of a ky adapter of your own (ky options for `extend`). */
  zoomAuth(input: AdapterInput, options?: AdapterOptions): unknown
  /** Default `'ky'`; e.g. `'ky 2'` to run the contract against two majors side by side. */
  name?: string
  /** Cells that differ from the ky defaults (see {@link KY_REPLAYS}). */
  replays?: Partial<ReplayDeclarations>
}

/**
 * What ky does with each body kind on a replay: every kind byte for byte, a `FormData` included
 * (ky sends every body as its `Request`'s stream, and the replay sends the copy of those bytes, so
 * the boundary is the first send's).
 *
 * @example
 * ```ts
 * KY_REPLAYS['form-data'] // 'identical'
 * ```
 */
export const KY_REPLAYS: ReplayDeclarations = ALL_IDENTICAL

/** What the driver calls on a ky instance. */
interface KyInstance {
  (url: string, options: Record<string, unknown>): Promise<Response>
  extend(options: unknown): KyInstance
}

/**
 * An {@link AdapterDriver} for a ky adapter: an instance of `ky.create()` with ky's retries off
 * (`retry` 0) and `throwHttpErrors` as asked, extended with the options `zoomAuth` returns. A JSON
 * value goes in `json`, every other kind in `body` (streams with `duplex: 'half'`, as fetch
 * requires).
 *
 * @throws TypeError (code `ERR_INVALID_ARG_TYPE`) when `ky` or `zoomAuth` is missing.
 * @example
 * ```ts
 * import * as vitest from 'vitest'
 * import ky from 'ky'
 * import { zoomAuth } from '@zoom-auth/ky'
 * import { describeAdapterContract, kyDriver } from '@zoom-auth/testing/contracts'
 *
 * describeAdapterContract(vitest, kyDriver({ ky, zoomAuth }))
 * ```
 */
export function kyDriver(parts: KyDriverParts): AdapterDriver {
  requireDriverParts(parts, 'kyDriver', ['ky', 'create'])
  const { ky, zoomAuth, name = 'ky' } = parts
  const create = ky.create.bind(ky) as unknown as (options: object) => KyInstance
  return {
    name,
    replays: declareReplays(KY_REPLAYS, parts.replays),
    client(input, options, { throwHttpErrors = false } = {}) {
      const instance = create({ retry: 0, throwHttpErrors }).extend(zoomAuth(input, options))
      return neverRejects(async (request) =>
        responseOutcome(await instance(request.url, requestOptions(request, kyBody))),
      )
    },
  }
}

/** The ky options a body goes in, as ky's users send it. */
function kyBody(body: DriverBody): Record<string, unknown> {
  if (body.kind === 'json') return { json: body.value }
  if (body.kind === 'web-stream' || body.kind === 'node-stream')
    return { body: body.value, duplex: 'half' }
  return { body: body.value }
}
