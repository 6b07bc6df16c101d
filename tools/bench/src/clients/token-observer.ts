/**
 * A fetch for token requests that reports each token as its response arrives, timestamped before
 * the body is parsed (so before any request could carry the token). Passed as the token transport
 * of clients that take one; it changes nothing else about the request.
 */
export function observingFetch(
  onToken: (accessToken: string, arrivedAtMs: number) => void,
): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init)
    const arrivedAtMs = performance.now()
    if (response.ok) {
      response
        .clone()
        .json()
        .then((body: { access_token?: unknown }) => {
          if (typeof body.access_token === 'string') onToken(body.access_token, arrivedAtMs)
        })
        .catch(() => {})
    }
    return response
  }
}
