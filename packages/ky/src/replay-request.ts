import { isInMemoryBody } from '@zoom-auth/core'
/**
 * How a request's body is sent again after a 401. ky hands `beforeRequest` the request it is about to
 * send, and `afterResponse` either a clone it kept for its own retries (ky 1 always; ky 2 when
 * `retry.limit > 0`) or the very request it sent, whose body is gone (ky 2 with `retry: 0`).
 */
export type ReplaySource =
  /** No body (GET, HEAD, DELETE without one). */
  | { readonly kind: 'none' }
  /** An in-memory body from ky's `body`/`json` option: handed to fetch again as it is. */
  | { readonly kind: 'init'; readonly body: BodyInit }
  /** A stream body ky keeps a clone of: the request `afterResponse` receives is cloned once more. */
  | { readonly kind: 'ky-clone' }
  /** A stream body ky keeps no clone of (ky 2, `retry: 0`): our own clone, made before sending. */
  | { readonly kind: 'own-clone'; readonly request: Request }

/**
 * Decides, before the request is sent, how its body can be sent again. In-memory bodies (strings, as
 * ky makes of `json`, `URLSearchParams`, `Blob`, `FormData`, `ArrayBuffer` and views such as `Buffer`)
 * are kept by reference: nothing is copied. A stream is teed only when ky itself keeps no clone, so an
 * upload is never buffered twice.
 *
 * @example
 * ```ts
 * state.source = captureReplaySource(request, options.body, kyKeepsClone)
 * ```
 */
export function captureReplaySource(
  request: Request,
  optionsBody: unknown,
  kyKeepsClone: boolean,
): ReplaySource {
  if (request.body === null) return { kind: 'none' }
  if (isInMemoryBody(optionsBody)) return { kind: 'init', body: optionsBody }
  if (kyKeepsClone || request.bodyUsed) return { kind: 'ky-clone' }
  return { kind: 'own-clone', request: request.clone() }
}

/** Builds the replay once the new token is known. */
export type ReplayBuilder = (accessToken: string, signal: AbortSignal | undefined) => Request

/**
 * How to replay `kyRequest` (its URL, method and headers, with a new token) with the body from
 * `source`; `undefined` when the body is gone, and the 401 goes to the caller as it is. Checked before
 * a new token is fetched, so an unreplayable request never retires a token.
 *
 * @example
 * ```ts
 * const build = prepareReplay(state.source, request)
 * if (build) return fetch(build(freshToken, signal))
 * ```
 */
export function prepareReplay(source: ReplaySource, kyRequest: Request): ReplayBuilder | undefined {
  switch (source.kind) {
    case 'none':
      return (token, signal) => new Request(kyRequest, initWith(kyRequest, token, signal))
    case 'init':
      return (token, signal) => {
        const init = initWith(kyRequest, token, signal)
        // FormData is encoded anew with a new boundary: the old content-type names the old one.
        if (Object.prototype.toString.call(source.body) === '[object FormData]')
          init.headers.delete('content-type')
        // A given body leaves kyRequest's own (possibly consumed) body alone.
        return new Request(kyRequest, { ...init, body: source.body })
      }
    case 'ky-clone':
      if (kyRequest.bodyUsed) return undefined
      // Cloned again so that ky's copy stays usable should ky retry after the replay (a 5xx, say).
      return (token, signal) => new Request(kyRequest.clone(), initWith(kyRequest, token, signal))
    case 'own-clone':
      if (source.request.bodyUsed) return undefined
      return (token, signal) => new Request(source.request, initWith(kyRequest, token, signal))
  }
}

function initWith(
  kyRequest: Request,
  accessToken: string,
  signal: AbortSignal | undefined,
): RequestInit & { headers: Headers } {
  // ky's request, not our clone, has the headers later hooks may have added. Copied entry by entry:
  // `new Headers(headers)` came out empty for ky's requests under an interceptor that proxies `Headers`.
  const headers = new Headers()
  for (const [name, value] of kyRequest.headers) headers.append(name, value)
  headers.set('authorization', `Bearer ${accessToken}`)
  return signal === undefined ? { headers } : { headers, signal }
}

/**
 * Lets go of a clone that will not be replayed, so its tee stops buffering the upload.
 *
 * @example
 * ```ts
 * releaseReplaySource(state.source)
 * ```
 */
export function releaseReplaySource(source: ReplaySource | undefined): void {
  if (source?.kind !== 'own-clone' || source.request.bodyUsed) return
  source.request.body?.cancel().catch(() => {})
}
