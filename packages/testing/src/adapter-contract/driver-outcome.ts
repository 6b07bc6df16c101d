import type { DriverOutcome, DriverRequest, Send } from './adapter-driver.js'

/**
 * A {@link Send} that never rejects, as the contract needs: what `send` throws (the client's HTTP
 * error, a `ZoomAuthError`, an abort) becomes `{ ok: false, error }`.
 *
 * @example
 * ```ts
 * return neverRejects(async (request) => responseOutcome(await zoomFetch(request.url)))
 * ```
 */
export function neverRejects(send: (request: DriverRequest) => Promise<DriverOutcome>): Send {
  return async (request) => {
    try {
      return await send(request)
    } catch (error) {
      return { ok: false, error }
    }
  }
}

/**
 * The outcome of a fetch-style `Response` (fetch, ky), its body read as text and parsed.
 *
 * @example
 * ```ts
 * return await responseOutcome(await zoomFetch(url))
 * ```
 */
export async function responseOutcome(response: Response): Promise<DriverOutcome> {
  const text = await response.text()
  return parsedOutcome(response.status, response.headers.entries(), text, response)
}

/**
 * The outcome of a response the client resolved: its status, its headers with lower-cased names,
 * its body text parsed (see {@link parseBody}), and the client's own response object.
 *
 * @example
 * ```ts
 * return parsedOutcome(response.statusCode, Object.entries(response.headers), response.body, response)
 * ```
 */
export function parsedOutcome(
  status: number,
  headers: Iterable<[string, unknown]>,
  text: string,
  raw: unknown,
): DriverOutcome {
  return { ok: true, status, headers: lowerCaseHeaders(headers), body: parseBody(text), raw }
}

/**
 * Header entries as one record with lower-cased names; list values joined as HTTP joins them.
 *
 * @example
 * ```ts
 * lowerCaseHeaders(Object.entries(response.headers)) // { 'content-type': 'application/json' }
 * ```
 */
export function lowerCaseHeaders(entries: Iterable<[string, unknown]>): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of entries) {
    if (value === undefined || value === null) continue
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return headers
}

/**
 * A response body as the specs compare it: parsed JSON when it is JSON, else the text.
 *
 * @example
 * ```ts
 * parseBody('{"code":124}') // { code: 124 }
 * ```
 */
export function parseBody(text: string): unknown {
  if (text === '') return text
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}
