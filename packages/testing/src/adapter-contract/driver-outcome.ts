import type { DriverOutcome } from './adapter-driver.js'

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
  return {
    ok: true,
    status: response.status,
    headers: lowerCaseHeaders([...response.headers.entries()]),
    body: parseBody(text),
    raw: response,
  }
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
