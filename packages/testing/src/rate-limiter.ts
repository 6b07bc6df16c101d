/**
 * The limiter's verdict on one request.
 *
 * @example
 * ```ts
 * const { allowed, remaining }: RateLimitDecision = limiter.take()
 * ```
 */
export interface RateLimitDecision {
  allowed: boolean
  limit: number
  remaining: number
}

/**
 * A fixed-window request counter by `Date.now()`: `limit` requests per `windowMs`, then refusals
 * until the window ends. Zoom counts per account; the emulator has one account.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter(2, 1000)
 * limiter.take().allowed // true
 * limiter.take().allowed // true
 * limiter.take().allowed // false, until a second has passed
 * ```
 */
export class RateLimiter {
  readonly #limit: number
  readonly #windowMs: number
  #windowStartMs = Number.NEGATIVE_INFINITY
  #used = 0

  constructor(limit: number, windowMs: number) {
    this.#limit = limit
    this.#windowMs = windowMs
  }

  /** Counts one request if the window has room. */
  take(): RateLimitDecision {
    const nowMs = Date.now()
    if (nowMs - this.#windowStartMs >= this.#windowMs || nowMs < this.#windowStartMs) {
      this.#windowStartMs = nowMs
      this.#used = 0
    }
    if (this.#used >= this.#limit) {
      return { allowed: false, limit: this.#limit, remaining: 0 }
    }
    this.#used++
    return { allowed: true, limit: this.#limit, remaining: this.#limit - this.#used }
  }
}
