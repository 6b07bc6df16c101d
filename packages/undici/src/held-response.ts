/**
 * A 401 kept from the handler while the call decides whether to replay: its start, and anything that
 * still arrives although the response is paused (chunks undici had already parsed), so that handing
 * it over later gives the handler the response exactly as it came.
 *
 * @example
 * ```ts
 * const held = new HeldResponse(401, headers, 'Unauthorized')
 * held.chunks.push(chunk)
 * ```
 */
export class HeldResponse {
  readonly statusCode: number
  readonly headers: unknown
  readonly statusText: string | undefined
  readonly chunks: Buffer[] = []
  ended = false
  trailers: unknown

  constructor(statusCode: number, headers: unknown, statusText: string | undefined) {
    this.statusCode = statusCode
    this.headers = headers
    this.statusText = statusText
  }

  /** The response ended while held. */
  end(trailers: unknown): void {
    this.ended = true
    this.trailers = trailers
  }
}
