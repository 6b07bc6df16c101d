import {
  assertOptionalFunction,
  assertOptionsObject,
  countOf,
  durationMs,
  invalidArgType,
  invalidArgValue,
} from './assert.js'
import type { RetryOptions, TokenProviderOptions, TokenStore, TokenStrategy } from './types.js'

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

/**
 * Checks `options` once and fills in every default.
 *
 * @example
 * ```ts
 * const config = normalizeOptions({ timeoutMs: 5_000 })
 * config.retry.limit // 3
 * ```
 */
export function normalizeOptions(options: TokenProviderOptions): NormalizedOptions {
  assertOptionsObject(options)
  // Without a fetch of its own, the global one as it is at each call: one stubbed or replaced later
  // (a proxy-aware fetch) sees token requests too, as it sees the adapters' requests.
  const transport =
    options.fetch ?? (typeof globalThis.fetch === 'function' ? globalFetch : undefined)
  if (typeof transport !== 'function')
    throw invalidArgType('zoom-auth: "fetch" must be a function (no global fetch found)')
  assertOptionalFunction(options.onEvent, 'onEvent')
  assertOptionalFunction(options.now, 'now')
  if (options.retry !== undefined && (typeof options.retry !== 'object' || options.retry === null))
    throw invalidArgType('zoom-auth: "retry" must be an object { limit, baseDelayMs, maxDelayMs }')
  const retry = {
    limit: countOf(options.retry?.limit, 3, 'retry.limit'),
    baseDelayMs: durationMs(options.retry?.baseDelayMs, 250, 'retry.baseDelayMs'),
    maxDelayMs: durationMs(options.retry?.maxDelayMs, 10_000, 'retry.maxDelayMs'),
  }
  const timeoutMs = durationMs(options.timeoutMs, 10_000, 'timeoutMs', 1)
  const storeTimeoutMs = durationMs(options.storeTimeoutMs, 1_000, 'storeTimeoutMs', 1)
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
    throw invalidArgType(
      'zoom-auth: "store" must implement get, set and delete (and optionally tryLock, waitForToken)',
    )
  }
  return {
    fetch: transport,
    refreshAheadMs: durationMs(options.refreshAheadMs, 300_000, 'refreshAheadMs'),
    expiryMarginMs: durationMs(options.expiryMarginMs, 30_000, 'expiryMarginMs'),
    timeoutMs,
    retry,
    failureCooldownMs: durationMs(options.failureCooldownMs, 10_000, 'failureCooldownMs'),
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

/**
 * Throws the TypeError of {@link createTokenProvider} unless `value` is a strategy it can use.
 *
 * @example
 * ```ts
 * assertStrategy(strategy)
 * ```
 */
export function assertStrategy(value: unknown): asserts value is TokenStrategy {
  const message = 'zoom-auth: createTokenProvider needs a strategy { id, tokenUrl, requestToken }'
  const strategy = value as Partial<TokenStrategy> | null
  if (
    typeof strategy !== 'object' ||
    strategy === null ||
    typeof strategy.requestToken !== 'function' ||
    // The id names the strategy's tokens in a store and in events; the tokenUrl's host is trusted.
    typeof strategy.id !== 'string' ||
    typeof strategy.tokenUrl !== 'string'
  )
    throw invalidArgType(message)
  if (strategy.id === '') throw invalidArgValue(message)
}

const globalFetch: typeof fetch = (input, init) => globalThis.fetch(input, init)
