/**
 * The headers of ky's `Request` with `authorization` (the call's `Bearer …` value) in place of any
 * `Authorization`, for `fetch(request, { headers })`: given in init, they replace the Request's own
 * for that send only, so ky's `Request` (held by its errors and your hooks) never holds the token.
 *
 * Plain pairs, not a `Headers`: fetch validates them once as it builds its request, where a
 * `Headers` of ours would be validated, then copied.
 *
 * @example
 * ```ts
 * await fetch(request, { ...init, headers: headersWithToken(request.headers, call.authorization) })
 * ```
 */
export function headersWithToken(headers: Headers, authorization: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  // A Headers yields lower-case names, each pair a new array.
  for (const pair of headers) if (pair[0] !== 'authorization') pairs.push(pair)
  pairs.push(['authorization', authorization])
  return pairs
}
