/**
 * Reads a `Retry-After` header as a delay in ms from `now`: seconds, an HTTP date, or an ISO date
 * (Zoom's daily limits send `2020-05-31T00:00:00Z`). Unreadable or absent → `undefined`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 * @example
 * ```ts
 * parseRetryAfter('2', Date.now()) // 2000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined
  const text = value.trim()
  if (text === '') return undefined
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  // Negative numbers are malformed, not dates in year -3.
  if (text.startsWith('-')) return undefined
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}
