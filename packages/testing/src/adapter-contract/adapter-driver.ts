import type { Readable } from 'node:stream'
import type { AdapterInput, AdapterOptions } from '@zoom-auth/core'

/**
 * The request bodies the adapter contract replays, named as core's `classifyBody` names them, plus
 * `json` for a JSON value the client serialises itself (axios `data`, ky and got `json`; for fetch,
 * which has no JSON option, the driver sends `JSON.stringify(value)`).
 *
 * @example
 * ```ts
 * for (const kind of CONTRACT_BODY_KINDS) console.log(kind, driver.replays[kind])
 * ```
 */
export const CONTRACT_BODY_KINDS = [
  'json',
  'string',
  'url-search-params',
  'bytes',
  'blob',
  'form-data',
  'web-stream',
  'node-stream',
] as const

/**
 * One body kind of {@link CONTRACT_BODY_KINDS}.
 *
 * @example
 * ```ts
 * const kind: ContractBodyKind = 'web-stream'
 * ```
 */
export type ContractBodyKind = (typeof CONTRACT_BODY_KINDS)[number]

/**
 * A request body as the contract hands it to a driver: what it is, and the value itself. Streams
 * are new for every request (they can be read once).
 *
 * @example
 * ```ts
 * const body: DriverBody = { kind: 'bytes', value: Buffer.from([0xff, 0x00]) }
 * ```
 */
export type DriverBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'url-search-params'; readonly value: URLSearchParams }
  | { readonly kind: 'bytes'; readonly value: Uint8Array }
  | { readonly kind: 'blob'; readonly value: Blob }
  | { readonly kind: 'form-data'; readonly value: FormData }
  | { readonly kind: 'web-stream'; readonly value: ReadableStream<Uint8Array> }
  | { readonly kind: 'node-stream'; readonly value: Readable }

/**
 * What a client does with one body kind when a 401 earns a replay:
 * - `'identical'`: the replay carries the first send's bytes, byte for byte, and its Content-Type;
 * - `same-parts`: a multipart body is encoded again (a new boundary, a Content-Type to match) with
 *   the same parts, part for part: the same bytes but for the boundary;
 * - `not-replayed`: the body cannot be sent again; the 401 goes to the caller, the token retired;
 * - `unsupported`: the client refuses this kind of body before anything is sent.
 *
 * Anything other than `'identical'` says why in one line.
 *
 * @example
 * ```ts
 * const multipart: ReplayDeclaration = { outcome: 'same-parts', reason: 'encoded anew: a new boundary' }
 * ```
 */
export type ReplayDeclaration =
  | 'identical'
  | {
      readonly outcome: 'same-parts' | 'not-replayed' | 'unsupported'
      readonly reason: string
    }

/**
 * A driver's replay declaration for every body kind; the contract checks each cell.
 *
 * @example
 * ```ts
 * const replays: ReplayDeclarations = { ...allIdentical, 'form-data': { outcome: 'same-parts', reason } }
 * ```
 */
export type ReplayDeclarations = Readonly<Record<ContractBodyKind, ReplayDeclaration>>

/**
 * One request, described independently of any HTTP client.
 *
 * @example
 * ```ts
 * const request: DriverRequest = { url: `${emulator.url}/v2/users/me`, signal: AbortSignal.timeout(5_000) }
 * ```
 */
export interface DriverRequest {
  /** Absolute URL. */
  url: string
  /** Default `GET`. */
  method?: string
  /** Sent the way the client's users send that kind of body. */
  body?: DriverBody
  /** Sent as given (a body kind without a Content-Type of its own brings one here). */
  headers?: Record<string, string>
  /** Passed to the client as its abort signal. */
  signal?: AbortSignal
}

/**
 * What the caller of a client finally got: a response, or the error the client threw.
 *
 * @example
 * ```ts
 * const produced = outcome.ok ? outcome.raw : outcome.error
 * ```
 */
export type DriverOutcome =
  | {
      ok: true
      status: number
      /** Lower-cased header names. */
      headers: Record<string, string>
      /** Parsed JSON when the body is JSON, else the text. */
      body: unknown
      /** The client's own response object (axios response, fetch `Response`, got response). */
      raw: unknown
    }
  | { ok: false; error: unknown }

/**
 * How the HTTP client itself is configured around the adapter.
 *
 * @example
 * ```ts
 * driver.client(provider, { hosts }, { throwHttpErrors: true })
 * ```
 */
export interface ClientOptions {
  /**
   * Default false: every status resolves, so tests compare statuses. True: the client's usual
   * behaviour (axios, ky and got throw their HTTP error for a 4xx/5xx; fetch has none).
   */
  throwHttpErrors?: boolean
}

/**
 * Sends one request through a client that has zoom-auth installed; never rejects.
 *
 * @example
 * ```ts
 * const outcome = await send({ url: `${emulator.url}/v2/users/me` })
 * ```
 */
export type Send = (request: DriverRequest) => Promise<DriverOutcome>

/**
 * A way to build a client with one adapter installed, and what that client does with each body kind
 * on a replay. Every client has its own retries switched off (ky and got would otherwise retry 429s
 * and 5xx themselves), so request counts at the server are exact, and follows redirects as the
 * client does by default.
 *
 * @example
 * ```ts
 * import axios from 'axios'
 * import { zoomAuth } from '@zoom-auth/axios'
 * import { axiosDriver } from '@zoom-auth/testing/contracts'
 *
 * const driver: AdapterDriver = axiosDriver({ axios, zoomAuth })
 * const send = driver.client(provider, { hosts: [emulator.host] })
 * ```
 */
export interface AdapterDriver {
  /** Names the adapter in spec titles, e.g. `'axios'` or `'ky 2'`. */
  readonly name: string
  /** What the client does with each body kind on a replay; the contract checks every cell. */
  readonly replays: ReplayDeclarations
  /** A new client with the adapter installed as `zoomAuth(input, options)`, and its `send`. */
  client(input: AdapterInput, options?: AdapterOptions, client?: ClientOptions): Send
}
