/**
 * The dispatch's headers with `authorization` (the call's `Bearer …` value) in place of any
 * `Authorization`, in the shape they came in, so every undici version reads them as it would have:
 * a record stays a record and a `[name, value, …]` array stays an array (undici reads every array
 * so), while an iterable of pairs (a `Headers`, a `Map`) becomes a record, which undici 6.11 reads too.
 * Always a new object: the caller's headers never hold the token.
 *
 * @example
 * ```ts
 * dispatch({ ...options, headers: headersWithToken(options.headers, call.authorization) }, handler)
 * ```
 */
export function headersWithToken(headers: unknown, authorization: string): unknown {
  if (headers === undefined || headers === null) return { authorization }
  // Not headers at all: undici rejects it as it would have.
  if (typeof headers !== 'object') return headers
  if (Array.isArray(headers)) {
    const flat: unknown[] = []
    for (let index = 0; index < headers.length; index += 2) {
      if (!isAuthorization(headers[index])) flat.push(headers[index], headers[index + 1])
    }
    flat.push('authorization', authorization)
    return flat
  }
  const record: Record<string, unknown> = {}
  if (Symbol.iterator in headers) {
    for (const [name, value] of headers as Iterable<[string, unknown]>) {
      if (isAuthorization(name)) continue
      const held = record[name]
      record[name] = held === undefined ? value : [held, value].flat()
    }
  } else {
    for (const name in headers) {
      if (Object.hasOwn(headers, name) && !isAuthorization(name))
        record[name] = (headers as Record<string, unknown>)[name]
    }
  }
  record.authorization = authorization
  return record
}

/** Header names are case-insensitive; undici also takes them as Buffers. */
function isAuthorization(name: unknown): boolean {
  const text =
    typeof name === 'string' ? name : Buffer.isBuffer(name) ? name.toString('latin1') : ''
  return text.length === 13 && text.toLowerCase() === 'authorization'
}
