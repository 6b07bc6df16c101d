import type { TokenProvider } from '../types.js'

/** One user's provider while it is in use. */
export interface ActiveUser {
  readonly provider: TokenProvider
  /** The sweep generation of its last use: a coarse clock that costs one store per call. */
  usedIn: number
  /** Set when it left the active users (idle, evicted, forgotten): a handle then opens a new one. */
  closed: boolean
  /** The handle adapters given the users share for this user while it is active (not `forUser`'s). */
  handle?: TokenProvider
}

/**
 * The providers of the users in use, bounded: past `maxActive` the least recently used is let go,
 * and one unused for about `idleMs` is let go by a sweep. Use is recorded as the sweep's generation
 * rather than a clock reading, so marking a use on every call costs one property store.
 *
 * A provider let go is handed to `letGo` (default: closed at once); `drop` always closes.
 *
 * @example
 * ```ts
 * const active = new ActiveUsers(open, { maxActive: 10_000, idleMs: 600_000 })
 * const entry = active.use('user-42')
 * ```
 */
export class ActiveUsers {
  readonly #entries = new Map<string, ActiveUser>()
  readonly #open: (key: string) => TokenProvider
  readonly #maxActive: number
  readonly #sweepMs: number
  /** Generations a user may go unused before the sweep lets it go. */
  readonly #idleGenerations: number
  readonly #letGoOf: (provider: TokenProvider) => void
  #generation = 0
  #sweep: NodeJS.Timeout | undefined

  constructor(
    open: (key: string) => TokenProvider,
    limits: { maxActive: number; idleMs: number },
    letGo: (provider: TokenProvider) => void = (provider) => provider.close(),
  ) {
    this.#open = open
    this.#letGoOf = letGo
    this.#maxActive = limits.maxActive
    this.#sweepMs = Math.max(1, Math.min(limits.idleMs / 4, 60_000))
    this.#idleGenerations = Math.ceil(limits.idleMs / this.#sweepMs)
  }

  /** The user's entry, its provider opened if it has none; marks the use. */
  use(key: string): ActiveUser {
    let entry = this.#entries.get(key)
    if (entry === undefined) {
      if (this.#entries.size >= this.#maxActive) this.#closeLeastRecentlyUsed()
      entry = { provider: this.#open(key), usedIn: this.#generation, closed: false }
      this.#entries.set(key, entry)
      this.#startSweeping()
    }
    entry.usedIn = this.#generation
    return entry
  }

  /** Marks the use of an entry a handle holds (still open). */
  touch(entry: ActiveUser): void {
    entry.usedIn = this.#generation
  }

  get(key: string): ActiveUser | undefined {
    return this.#entries.get(key)
  }

  /** Closes the user's provider; their next use opens a new one. */
  drop(key: string): void {
    this.#remove(key)?.provider.close()
  }

  closeAll(): void {
    for (const key of [...this.#entries.keys()]) this.drop(key)
    clearInterval(this.#sweep)
    this.#sweep = undefined
  }

  #closeLeastRecentlyUsed(): void {
    let oldest: string | undefined
    let oldestIn = Infinity
    // Map order is insertion order: of those used in the same generation, the oldest goes.
    for (const [key, entry] of this.#entries) {
      if (entry.usedIn < oldestIn) [oldest, oldestIn] = [key, entry.usedIn]
    }
    if (oldest !== undefined) this.#letGo(oldest)
  }

  /** An idle or evicted user: their entry goes, their provider to `letGo`. */
  #letGo(key: string): void {
    const entry = this.#remove(key)
    if (entry !== undefined) this.#letGoOf(entry.provider)
  }

  /** Removes the user's entry; their next use opens a new one. */
  #remove(key: string): ActiveUser | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    entry.closed = true
    this.#entries.delete(key)
    return entry
  }

  #startSweeping(): void {
    if (this.#sweep !== undefined) return
    this.#sweep = setInterval(() => {
      this.#generation++
      for (const [key, entry] of this.#entries)
        if (this.#generation - entry.usedIn > this.#idleGenerations) this.#letGo(key)
      if (this.#entries.size === 0) {
        clearInterval(this.#sweep)
        this.#sweep = undefined
      }
    }, this.#sweepMs)
    this.#sweep.unref()
  }
}
