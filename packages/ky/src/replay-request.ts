/**
 * How a request's body is sent again after a 401. The replay happens inside ky's `fetch`, which gets
 * the very request it sends: by the time the 401 arrives its body is gone, so the source is decided
 * before sending.
 */
export type ReplaySource =
  /** No body (GET, HEAD, DELETE without one). */
  | { readonly kind: 'none' }
  /** An in-memory body from ky's `body`/`json` option: handed to fetch again as it is. */
  | { readonly kind: 'init'; readonly body: BodyInit }
  /** Any other body (a stream, a `Request` given as ky's input): our own clone, made before sending. */
  | { readonly kind: 'own-clone'; readonly request: Request }

const NONE: ReplaySource = { kind: 'none' }

/**
 * Decides, before the request is sent, how its body can be sent again. In-memory bodies (strings, as
 * ky makes of `json`, `URLSearchParams`, `Blob`, `FormData`, `ArrayBuffer` and views such as `Buffer`)
 * are kept by reference: nothing is copied. Anything else is cloned (a tee of the stream).
 *
 * @example
 * ```ts
 * const source = captureReplaySource(request, state.body)
 * ```
 */
export function captureReplaySource(
  request: Request,
  inMemoryBody: BodyInit | undefined,
): ReplaySource {
  if (request.body === null) return NONE
  if (inMemoryBody !== undefined) return { kind: 'init', body: inMemoryBody }
  return { kind: 'own-clone', request: request.clone() }
}

/** Builds the replay once the new token is known. */
export type ReplayBuilder = (accessToken: string) => Request

/**
 * How to replay `sent` (its URL, method, headers and signal, with a new token) with the body from
 * `source`; `undefined` when the body is gone, and the 401 goes to the caller as it is. Checked before
 * a new token is fetched, so an unreplayable request never retires a token.
 *
 * @example
 * ```ts
 * const build = prepareReplay(source, request)
 * if (build) return fetch(build(freshToken))
 * ```
 */
export function prepareReplay(source: ReplaySource, sent: Request): ReplayBuilder | undefined {
  switch (source.kind) {
    case 'none':
      return (token) => new Request(sent, { headers: headersWith(sent, token) })
    case 'init':
      return (token) => {
        const headers = headersWith(sent, token)
        // FormData is encoded anew with a new boundary: the old content-type names the old one.
        if (Object.prototype.toString.call(source.body) === '[object FormData]')
          headers.delete('content-type')
        // A given body leaves the sent request's consumed body alone.
        return new Request(sent, { headers, body: source.body })
      }
    case 'own-clone':
      if (source.request.bodyUsed) return undefined
      return (token) => new Request(source.request, { headers: headersWith(sent, token) })
  }
}

function headersWith(sent: Request, accessToken: string): Headers {
  // Copied entry by entry: `new Headers(headers)` came out empty for ky's requests under an
  // interceptor that proxies `Headers`.
  const headers = new Headers()
  for (const [name, value] of sent.headers) headers.append(name, value)
  headers.set('authorization', `Bearer ${accessToken}`)
  return headers
}

/**
 * Lets go of a clone that will not be replayed, so its tee stops buffering the upload.
 *
 * @example
 * ```ts
 * releaseReplaySource(source)
 * ```
 */
export function releaseReplaySource(source: ReplaySource): void {
  if (source.kind !== 'own-clone' || source.request.bodyUsed) return
  source.request.body?.cancel().catch(() => {})
}
