import type { AdapterInput, AdapterOptions } from '@zoom-auth/core'
import type { AdapterDriver, ReplayDeclarations } from './adapter-driver.js'
import { neverRejects, parsedOutcome } from './driver-outcome.js'
import {
  ALL_IDENTICAL,
  declareReplays,
  FORM_DATA_SAME_PARTS,
  requireDriverParts,
} from './driver-parts.js'
import { requestOptions } from './driver-request.js'

/**
 * What {@link axiosDriver} builds a client from: axios itself and the adapter. The types are loose
 * on purpose: this package loads no HTTP client of its own.
 *
 * @example
 * ```ts
 * const parts: AxiosDriverParts = { axios, zoomAuth }
 * ```
 */
export interface AxiosDriverParts {
  /** axios's default export (`import axios from 'axios'`). */
  axios: { create(config?: never): unknown }
  /** `zoomAuth` of `@zoom-auth/axios`, or of an axios adapter of your own (a request interceptor). */
  zoomAuth(input: AdapterInput, options?: AdapterOptions): unknown
  /** Cells that differ from the axios defaults (see {@link AXIOS_REPLAYS}). */
  replays?: Partial<ReplayDeclarations>
}

/**
 * What axios does with each body kind on a replay: the target of core's body-replay contract.
 *
 * @example
 * ```ts
 * AXIOS_REPLAYS['web-stream'].outcome // 'unsupported'
 * ```
 */
export const AXIOS_REPLAYS: ReplayDeclarations = {
  ...ALL_IDENTICAL,
  'form-data': FORM_DATA_SAME_PARTS,
  'web-stream': {
    outcome: 'unsupported',
    reason:
      "axios's Node http adapter sends no web ReadableStream (Readable.fromWeb(stream) makes it a node-stream)",
  },
}

/** What the driver calls on an axios instance. */
interface AxiosInstance {
  interceptors: { request: { use(interceptor: unknown): unknown } }
  request(
    config: Record<string, unknown>,
  ): Promise<{ status: number; headers: object; data: unknown }>
}

/**
 * An {@link AdapterDriver} for an axios adapter: an `axios.create()` instance with the adapter's
 * interceptor installed; `validateStatus` resolves every status unless `throwHttpErrors`.
 *
 * @throws TypeError (code `ERR_INVALID_ARG_TYPE`) when `axios` or `zoomAuth` is missing.
 * @example
 * ```ts
 * import * as vitest from 'vitest'
 * import axios from 'axios'
 * import { zoomAuth } from '@zoom-auth/axios'
 * import { axiosDriver, describeAdapterContract } from '@zoom-auth/testing/contracts'
 *
 * describeAdapterContract(vitest, axiosDriver({ axios, zoomAuth }))
 * ```
 */
export function axiosDriver(parts: AxiosDriverParts): AdapterDriver {
  requireDriverParts(parts, 'axiosDriver', ['axios', 'create'])
  const { axios, zoomAuth } = parts
  const create = axios.create.bind(axios) as unknown as (config: object) => AxiosInstance
  return {
    name: 'axios',
    replays: declareReplays(AXIOS_REPLAYS, parts.replays),
    client(input, options, { throwHttpErrors = false } = {}) {
      const instance = create(throwHttpErrors ? {} : { validateStatus: () => true })
      instance.interceptors.request.use(zoomAuth(input, options))
      return neverRejects(async (request) => {
        const response = await instance.request({
          url: request.url,
          // axios serialises a plain object as JSON itself, and sends every other kind as it is.
          ...requestOptions(request, (body) => ({ data: body.value })),
          responseType: 'text',
          transformResponse: (data: unknown) => data,
        })
        const text = String(response.data ?? '')
        return parsedOutcome(response.status, Object.entries(response.headers), text, response)
      })
    },
  }
}
