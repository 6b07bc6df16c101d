/** How big each scenario is. `--quick` shrinks every one for development; the counts stay meaningful. */
export interface BenchConfig {
  quick: boolean
  /**
   * How long the token endpoint takes to answer, through a delaying proxy (scenarios 1, 2, 3, 5).
   * Bare loopback answers in about a millisecond, far faster than any real token endpoint, which
   * changes how many concurrent callers share one token request.
   */
  tokenLatencyMs: number
  coldBurst: { requests: number }
  revocationStorm: { requests: number }
  expiryCrossing: {
    tokenTtlSeconds: number
    durationMs: number
    ratePerSecond: number
  }
  hotPath: {
    /** Sequential requests per repetition of the alternating comparison, and repetitions. */
    alternatingRequests: number
    alternatingRepetitions: number
    /** Interleaved rounds of concurrent throughput. */
    rounds: number
    requestsPerRound: number
    concurrency: number
    /** Per task and round of the cached-token microbenchmark. */
    microbenchTimeMs: number
    /** Fresh processes per task of the cached-token microbenchmark (the row is their median). */
    microbenchRounds: number
  }
  badCredentials: { requests: number; durationMs: number }
  fleet: { processes: number; tokenTtlSeconds: number; expiries: number; redisUrl: string }
  /** Interleaved rounds of cold imports (each round starts one fresh `node` per package). */
  footprint: { importRounds: number }
  /**
   * The user-level rotation race: users of one app, processes sharing them through Redis, calls in
   * flight per process at each expiry of tokens living `tokenTtlSeconds`, then a revocation storm.
   */
  userRace: {
    users: number
    processes: number
    callsPerProcess: number
    tokenTtlSeconds: number
    expiries: number
    redisUrl: string
  }
  /** Users whose grants fill the memory store for the heap-per-idle-user figure. */
  idleUsers: { users: number }
}

/**
 * The full run, or the quick one.
 *
 * @example
 * ```ts
 * const config = benchConfig(process.argv.includes('--quick'))
 * ```
 */
export function benchConfig(quick: boolean, tokenLatencyMs = 100): BenchConfig {
  const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379'
  if (quick) {
    return {
      quick,
      tokenLatencyMs,
      coldBurst: { requests: 200 },
      revocationStorm: { requests: 100 },
      expiryCrossing: {
        tokenTtlSeconds: 2,
        durationMs: 2_400,
        ratePerSecond: 200,
      },
      hotPath: {
        alternatingRequests: 600,
        alternatingRepetitions: 2,
        rounds: 4,
        requestsPerRound: 200,
        concurrency: 8,
        microbenchTimeMs: 100,
        microbenchRounds: 1,
      },
      badCredentials: { requests: 200, durationMs: 1_000 },
      fleet: { processes: 8, tokenTtlSeconds: 2, expiries: 1, redisUrl },
      footprint: { importRounds: 10 },
      userRace: {
        users: 20,
        processes: 8,
        callsPerProcess: 50,
        // Not shorter: on 2 busy cores a burst of 8 processes can take 2-3 s, and a token past half
        // its life when a call reaches it is refreshed ahead of time, which is a second refresh.
        tokenTtlSeconds: 4,
        expiries: 1,
        redisUrl,
      },
      idleUsers: { users: 100_000 },
    }
  }
  return {
    quick,
    tokenLatencyMs,
    coldBurst: { requests: 1_000 },
    revocationStorm: { requests: 500 },
    expiryCrossing: {
      tokenTtlSeconds: 4,
      durationMs: 4_600,
      ratePerSecond: 200,
    },
    hotPath: {
      alternatingRequests: 3_000,
      alternatingRepetitions: 3,
      rounds: 12,
      requestsPerRound: 250,
      concurrency: 8,
      microbenchTimeMs: 500,
      microbenchRounds: 5,
    },
    badCredentials: { requests: 1_000, durationMs: 5_000 },
    fleet: { processes: 8, tokenTtlSeconds: 4, expiries: 2, redisUrl },
    footprint: { importRounds: 20 },
    userRace: {
      users: 20,
      processes: 8,
      callsPerProcess: 50,
      tokenTtlSeconds: 4,
      expiries: 3,
      redisUrl,
    },
    idleUsers: { users: 100_000 },
  }
}
