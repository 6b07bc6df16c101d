import type { BenchConfig } from '../bench-config.js'
import type { BenchClient, BenchTarget, ClientSpec } from '../clients/types.js'
import { zoomAuthFetch } from '../clients/zoom-auth.js'
import { alternatingRatio, type AlternatingResult } from '../alternating-ratio.js'
import { closedLoop, type ClosedLoopResult } from '../closed-loop.js'
import { startEmulatorProcess, type EmulatorProcess } from '../emulator-process.js'
import { median, percentile, round } from '../percentiles.js'
import { tokenMicrobench, type MicrobenchRow } from './token-microbench.js'

export interface HotPathRow {
  client: string
  ours: boolean
  transport: string
  /**
   * Throughput ratio with auth / fixed header of a sequential client, from alternating requests
   * (median latency fixed header / median latency with auth), median over the repetitions. The
   * figure the target is checked against: steady to about a percent on a shared machine.
   */
  ratio: number
  /** Lowest and highest repetition. */
  ratioMin: number
  ratioMax: number
  bareMedianLatencyMs: number
  authMedianLatencyMs: number
  /** Concurrent throughput: median over interleaved rounds, requests per second. */
  bareRequestsPerSecond: number
  authRequestsPerSecond: number
  /** Median of the per-round ratios auth / bare of the concurrent rounds (each round runs both, back to back). */
  concurrentRatio: number
  /** Quartiles of those per-round ratios: the spread the machine's noise gave them. */
  concurrentRatioP25: number
  concurrentRatioP75: number
  /** Median over rounds of this process' CPU time per request, in µs. */
  bareCpuMicrosPerRequest: number
  authCpuMicrosPerRequest: number
  /**
   * Median of the per-round ratios bare CPU / auth CPU per request: the throughput ratio a
   * CPU-bound client would see, and far less sensitive to other processes than wall time.
   */
  cpuRatio: number
  /**
   * For ours: the same ratio for the bare client plus do-nothing code in the extension points the
   * adapter uses (median over repetitions). What the client's own mechanism costs; the distance
   * from it to {@link ratio} is what the adapter's work costs.
   */
  floorRatio?: number
  failed: number
}

export interface HotPathResult {
  rows: HotPathRow[]
  /** The same bare client measured against itself: the noise floor of the ratios. */
  calibration: HotPathRow
  microbench: MicrobenchRow[]
}

/** Throughput target for ours against the same client with a fixed header. Timing: never decides the exit code. */
export const HOT_PATH_MIN_RATIO = 0.97

const CALIBRATION_ROW = 'calibration: fetch with a fixed header vs itself'

/**
 * Scenario 4, hot-path overhead. Each client through its auth layer against the same HTTP client
 * sending a fixed `Authorization` header, on keep-alive loopback, against an emulator in a process
 * of its own, measured two ways in the same run: one request at a time alternating between the two
 * (the ratio of median latencies, the steady figure), and concurrent throughput in interleaved
 * rounds (ABBA, ratio per round) with this process' CPU time per request. Then a tinybench
 * microbenchmark of a cached token lookup.
 */
export async function hotPath(
  config: BenchConfig,
  clients: readonly ClientSpec[],
): Promise<HotPathResult> {
  const emulator = await startEmulatorProcess()
  try {
    const target: BenchTarget = {
      url: emulator.url,
      oauthUrl: emulator.url,
      host: emulator.host,
      credentials: emulator.credentials,
      tokenTtlSeconds: 3600,
    }
    const fixedToken = await clientCredentialsToken(emulator)
    const rows: HotPathRow[] = []
    for (const spec of clients) {
      const row = { client: spec.name, ours: spec.ours, transport: spec.transport }
      const auth = spec.create(target)
      const measured = await compare(config, row, auth, spec.createBare(target, fixedToken), target)
      const floor = spec.createFloor?.(target, fixedToken)
      rows.push(
        floor === undefined
          ? measured
          : {
              ...measured,
              floorRatio: await floorRatio(
                config,
                spec.createBare(target, fixedToken),
                floor,
                target,
              ),
            },
      )
    }
    // An A/A run: fetch with a fixed header against a second, identical client. Its distance from
    // 1.000 is how much of any ratio above is noise.
    const calibration = await compare(
      config,
      { client: CALIBRATION_ROW, ours: false, transport: 'fetch' },
      zoomAuthFetch.createBare(target, fixedToken),
      zoomAuthFetch.createBare(target, fixedToken),
      target,
    )
    return { rows, calibration, microbench: await tokenMicrobench(config, target) }
  } finally {
    await emulator.stop()
  }
}

async function compare(
  config: BenchConfig,
  row: Pick<HotPathRow, 'client' | 'ours' | 'transport'>,
  auth: BenchClient,
  bare: BenchClient,
  target: BenchTarget,
): Promise<HotPathRow> {
  const { rounds, requestsPerRound, concurrency, alternatingRequests, alternatingRepetitions } =
    config.hotPath
  const url = `${target.url}/v2/users/me`
  const send = (client: BenchClient) => async () => (await client.get(url)) === 200
  const batch = (client: BenchClient, total: number) => closedLoop(total, concurrency, send(client))

  // Warm-up: JIT, connection pools, and the auth client's first token.
  await batch(auth, Math.ceil(requestsPerRound / 4))
  await batch(bare, Math.ceil(requestsPerRound / 4))

  const alternating: AlternatingResult[] = []
  for (let repetition = 0; repetition < alternatingRepetitions; repetition++)
    alternating.push(await alternatingRatio(alternatingRequests, send(bare), send(auth)))

  const measured = { bare: [] as ClosedLoopResult[], auth: [] as ClosedLoopResult[] }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['bare', 'auth'] as const) : (['auth', 'bare'] as const)
    for (const variant of order) {
      measured[variant].push(await batch(variant === 'bare' ? bare : auth, requestsPerRound))
    }
  }
  auth.close()
  bare.close()
  const perRound = (pick: (bareRound: ClosedLoopResult, authRound: ClosedLoopResult) => number) =>
    measured.auth.map((authRound, index) => pick(measured.bare[index]!, authRound))
  const concurrentRatios = perRound((b, a) => a.requestsPerSecond / b.requestsPerSecond)
  const alternatingRatios = alternating.map((result) => result.ratio)
  const cpuRatios = perRound((b, a) => b.cpuMicrosPerRequest / a.cpuMicrosPerRequest)
  const medianOf = (results: ClosedLoopResult[], pick: (result: ClosedLoopResult) => number) =>
    median(results.map(pick))
  return {
    ...row,
    bareRequestsPerSecond: Math.round(medianOf(measured.bare, (r) => r.requestsPerSecond)),
    authRequestsPerSecond: Math.round(medianOf(measured.auth, (r) => r.requestsPerSecond)),
    ratio: round(median(alternatingRatios), 3),
    ratioMin: round(Math.min(...alternatingRatios), 3),
    ratioMax: round(Math.max(...alternatingRatios), 3),
    bareMedianLatencyMs: round(median(alternating.map((r) => r.baselineMedianMs)), 3),
    authMedianLatencyMs: round(median(alternating.map((r) => r.candidateMedianMs)), 3),
    concurrentRatio: round(median(concurrentRatios), 3),
    concurrentRatioP25: round(percentile(concurrentRatios, 25), 3),
    concurrentRatioP75: round(percentile(concurrentRatios, 75), 3),
    bareCpuMicrosPerRequest: round(
      medianOf(measured.bare, (r) => r.cpuMicrosPerRequest),
      1,
    ),
    authCpuMicrosPerRequest: round(
      medianOf(measured.auth, (r) => r.cpuMicrosPerRequest),
      1,
    ),
    cpuRatio: round(median(cpuRatios), 3),
    failed: [...measured.bare, ...measured.auth, ...alternating].reduce(
      (sum, r) => sum + r.failed,
      0,
    ),
  }
}

/** Bare against floor, alternating as {@link compare} does (the steady figure only). */
async function floorRatio(
  config: BenchConfig,
  bare: BenchClient,
  floor: BenchClient,
  target: BenchTarget,
): Promise<number> {
  const { alternatingRequests, alternatingRepetitions, requestsPerRound, concurrency } =
    config.hotPath
  const url = `${target.url}/v2/users/me`
  const send = (client: BenchClient) => async () => (await client.get(url)) === 200
  for (const client of [bare, floor])
    await closedLoop(Math.ceil(requestsPerRound / 4), concurrency, send(client))
  const ratios: number[] = []
  for (let repetition = 0; repetition < alternatingRepetitions; repetition++)
    ratios.push((await alternatingRatio(alternatingRequests, send(bare), send(floor))).ratio)
  bare.close()
  floor.close()
  return round(median(ratios), 3)
}

/** A token for the bare clients' fixed header (valid for the emulator's default hour). */
async function clientCredentialsToken(emulator: EmulatorProcess): Promise<string> {
  const { clientId, clientSecret } = emulator.credentials
  const response = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}` },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  })
  if (!response.ok) throw new Error(`emulator token request answered ${response.status}`)
  return ((await response.json()) as { access_token: string }).access_token
}
