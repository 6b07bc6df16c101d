/**
 * Types a test transport that only ever gets a `Request` (ky always calls `fetch` with one) as ky's
 * `fetch` option, whose type also admits strings and URLs.
 */
export function asKyFetch(
  transport: (input: Request, init?: RequestInit) => Promise<Response>,
): typeof fetch {
  return transport as typeof fetch
}
