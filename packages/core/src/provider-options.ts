import type { RetryOptions, TokenProviderOptions, TokenStore } from './types.js'

/** The options a provider works with: every default filled in, every value checked once. */
export interface NormalizedOptions {
  fetch: typeof fetch
  refreshAheadMs: number
  expiryMarginMs: number
  timeoutMs: number
  retry: Required<RetryOptions>
  failureCooldownMs: number
  store: TokenStore | undefined
  storeTimeoutMs: number
  /** A store lock's lease, renewed every third of it while the fetch runs. */
  lockLeaseMs: number
  /** How long one fetch may keep the lock by renewing it. */
  lockHoldMs: number
  /** How long a waiter waits for another process' fetch, trying the lock again after each `timeoutMs`. */
  lockWaitMs: number
  clock: () => number
}

const LOCK_LEASE_MS = 5_000

// performance.now() is monotonic (immune to wall-clock jumps); adding timeOrigin keeps it on the epoch scale.
const monotonicEpochClock = () => performance.timeOrigin + performance.now()

export function normalizeOptions(options: TokenProviderOptions): NormalizedOptions {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('zoom-auth: options must be an object')
  // Without a fetch of its own, the global one as it is at each call: one stubbed or replaced later
  // (a proxy-aware fetch) sees token requests too, as it sees the adapters' requests.
  const transport =
    options.fetch ?? (typeof globalThis.fetch === 'function' ? globalFetch : undefined)
  if (typeof transport !== 'function')
    throw new TypeError('zoom-auth: "fetch" must be a function (no global fetch found)')
  for (const name of ['onEvent', 'now'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function')
      throw new TypeError(`zoom-auth: "${name}" must be a function`)
  }
  if (options.retry !== undefined && (typeof options.retry !== 'object' || options.retry === null))
    throw new TypeError('zoom-auth: "retry" must be an object { limit, baseDelayMs, maxDelayMs }')
  const retry = {
    limit: count(options.retry?.limit, 3, 'retry.limit'),
    baseDelayMs: duration(options.retry?.baseDelayMs, 250, 'retry.baseDelayMs'),
    maxDelayMs: duration(options.retry?.maxDelayMs, 10_000, 'retry.maxDelayMs'),
  }
  const timeoutMs = duration(options.timeoutMs, 10_000, 'timeoutMs', 1)
  const storeTimeoutMs = duration(options.storeTimeoutMs, 1_000, 'storeTimeoutMs', 1)
  const store = options.store
  if (
    store !== undefined &&
    (typeof store !== 'object' ||
      store === null ||
      typeof store.get !== 'function' ||
      typeof store.set !== 'function' ||
      typeof store.delete !== 'function' ||
      !['undefined', 'function'].includes(typeof store.tryLock) ||
      !['undefined', 'function'].includes(typeof store.waitForToken))
  ) {
    throw new TypeError(
      'zoom-auth: "store" must implement get, set and delete (and optionally tryLock, waitForToken)',
    )
  }
  return {
    fetch: transport,
    refreshAheadMs: duration(options.refreshAheadMs, 300_000, 'refreshAheadMs'),
    expiryMarginMs: duration(options.expiryMarginMs, 30_000, 'expiryMarginMs'),
    timeoutMs,
    retry,
    failureCooldownMs: duration(options.failureCooldownMs, 10_000, 'failureCooldownMs'),
    store,
    storeTimeoutMs,
    // Short, because it is renewed: a holder that crashed blocks the fleet this long. Three store
    // timeouts long, so that one slow renewal can't lose it.
    lockLeaseMs: Math.max(LOCK_LEASE_MS, 3 * storeTimeoutMs),
    // An attempt and a backoff: a fetch still retrying then lets one waiter take over.
    lockHoldMs: timeoutMs + retry.maxDelayMs,
    // That, and another attempt; a fetch still running then is left to itself.
    lockWaitMs: 2 * timeoutMs + retry.maxDelayMs,
    clock: options.now ?? monotonicEpochClock,
  }
}

// The longest delay a Node timer keeps: a longer one fires after 1 ms instead.
const MAX_TIMER_MS = 2 ** 31 - 1

function duration(value: number | undefined, fallback: number, name: string, minimum = 0): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !(value >= minimum && value <= MAX_TIMER_MS)) {
    throw new TypeError(`zoom-auth: "${name}" must be a number of ms from ${minimum} to 2^31 - 1`)
  }
  return value
}

function count(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 0)
    throw new TypeError(`zoom-auth: "${name}" must be an integer ≥ 0`)
  return value
}

const globalFetch: typeof fetch = (input, init) => globalThis.fetch(input, init)
