import axios from 'axios'
import got from 'got'
import ky from 'ky'
import { zoomAuth as axiosZoomAuth } from '@zoom-auth/axios'
import { zoomAuth as fetchZoomAuth } from '@zoom-auth/fetch'
import { zoomAuth as gotZoomAuth } from '@zoom-auth/got'
import { zoomAuth as kyZoomAuth } from '@zoom-auth/ky'
import type { AdapterInput, AdapterOptions } from '@zoom-auth/core'

/** The names of the adapters under test. */
export type AdapterName = 'axios' | 'ky' | 'got' | 'fetch'

/** One request, described independently of any HTTP client. */
export interface DriverRequest {
  url: string
  method?: string
  /** A string body (sent as is; the caller sets the content type). */
  body?: string
  headers?: Record<string, string>
  signal?: AbortSignal
}

/** What the caller of a client finally got: a response, or the error the client threw. */
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

/** How the HTTP client itself is configured around the adapter. */
export interface ClientOptions {
  /**
   * Default false: every status resolves, so tests compare statuses. True: the client's usual
   * behaviour (axios, ky and got throw their HTTP error for a 4xx/5xx; fetch has none).
   */
  throwHttpErrors?: boolean
}

/** Sends one request through a client that has zoom-auth installed; never rejects. */
export type Send = (request: DriverRequest) => Promise<DriverOutcome>

/**
 * A way to build a client for one adapter. Every client has its own retries switched off (ky and got
 * would otherwise retry 429s and 5xx themselves), so request counts at the emulator are exact, and
 * follows redirects as the client does by default.
 */
export interface AdapterDriver {
  readonly name: AdapterName
  client(input: AdapterInput, options?: AdapterOptions, client?: ClientOptions): Send
}

const axiosDriver: AdapterDriver = {
  name: 'axios',
  client(input, options, { throwHttpErrors = false } = {}) {
    const instance = axios.create(throwHttpErrors ? {} : { validateStatus: () => true })
    instance.interceptors.request.use(axiosZoomAuth(input, options))
    return async (request) => {
      try {
        const response = await instance.request<string>({
          url: request.url,
          method: request.method ?? 'GET',
          ...(request.body !== undefined && { data: request.body }),
          ...(request.headers && { headers: request.headers }),
          ...(request.signal && { signal: request.signal }),
          responseType: 'text',
          transformResponse: (data: unknown) => data,
        })
        return {
          ok: true,
          status: response.status,
          headers: lowerCaseHeaders(Object.entries(response.headers as Record<string, unknown>)),
          body: parseBody(String(response.data ?? '')),
          raw: response,
        }
      } catch (error) {
        return { ok: false, error }
      }
    }
  },
}

const kyDriver: AdapterDriver = {
  name: 'ky',
  client(input, options, { throwHttpErrors = false } = {}) {
    const instance = ky.create({ retry: 0, throwHttpErrors }).extend(kyZoomAuth(input, options))
    return async (request) => {
      try {
        const response = await instance(request.url, {
          method: request.method ?? 'GET',
          ...(request.body !== undefined && { body: request.body }),
          ...(request.headers && { headers: request.headers }),
          ...(request.signal && { signal: request.signal }),
        })
        return fetchOutcome(response)
      } catch (error) {
        return { ok: false, error }
      }
    }
  },
}

const gotDriver: AdapterDriver = {
  name: 'got',
  client(input, options, { throwHttpErrors = false } = {}) {
    const instance = got.extend(
      { retry: { limit: 0 }, throwHttpErrors },
      gotZoomAuth(input, options),
    )
    return async (request) => {
      try {
        const response = await instance(request.url, {
          method: (request.method ?? 'GET') as 'GET',
          ...(request.body !== undefined && { body: request.body }),
          ...(request.headers && { headers: request.headers }),
          ...(request.signal && { signal: request.signal }),
        })
        return {
          ok: true,
          status: response.statusCode,
          headers: lowerCaseHeaders(Object.entries(response.headers)),
          body: parseBody(response.body),
          raw: response,
        }
      } catch (error) {
        return { ok: false, error }
      }
    }
  },
}

const fetchDriver: AdapterDriver = {
  name: 'fetch',
  // fetch resolves every status: `throwHttpErrors` has nothing to change.
  client(input, options) {
    const zoomFetch = fetchZoomAuth(input, options)
    return async (request) => {
      try {
        const response = await zoomFetch(request.url, {
          method: request.method ?? 'GET',
          ...(request.body !== undefined && { body: request.body }),
          ...(request.headers && { headers: request.headers }),
          ...(request.signal && { signal: request.signal }),
        })
        return await fetchOutcome(response)
      } catch (error) {
        return { ok: false, error }
      }
    }
  },
}

/**
 * The adapters under test, for `describe.each(drivers)`.
 *
 * @example
 * ```ts
 * describe.each(drivers)('$name', (driver) => {
 *   it('sends the token', async () => {
 *     const send = driver.client(provider, { hosts: [emulator.host] })
 *     expect(await send({ url: `${emulator.url}/v2/users/me` })).toMatchObject({ ok: true, status: 200 })
 *   })
 * })
 * ```
 */
export const drivers: readonly AdapterDriver[] = [axiosDriver, kyDriver, gotDriver, fetchDriver]

async function fetchOutcome(response: Response): Promise<DriverOutcome> {
  const text = await response.text()
  return {
    ok: true,
    status: response.status,
    headers: lowerCaseHeaders([...response.headers.entries()]),
    body: parseBody(text),
    raw: response,
  }
}

function lowerCaseHeaders(entries: Array<[string, unknown]>): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of entries) {
    if (value === undefined || value === null) continue
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return headers
}

function parseBody(text: string): unknown {
  if (text === '') return text
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}
