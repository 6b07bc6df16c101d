import { median } from './percentiles.js'

/** What {@link alternatingRatio} measured. */
export interface AlternatingResult {
  /** Median latency of `baseline` / median latency of `candidate`: the throughput ratio of a sequential client. */
  ratio: number
  baselineMedianMs: number
  candidateMedianMs: number
  /** Calls that resolved `false` or rejected. */
  failed: number
}

/**
 * One request at a time, alternating between the two variants in an ABBA pattern (so neither always
 * goes first), `total` requests in all. Whatever the machine does to one request it does to its
 * neighbour of the other variant, so the ratio of the medians is far steadier than comparing two
 * separate throughput runs on a shared machine.
 */
export async function alternatingRatio(
  total: number,
  baseline: () => Promise<boolean>,
  candidate: () => Promise<boolean>,
): Promise<AlternatingResult> {
  const latencies = { baseline: [] as number[], candidate: [] as number[] }
  let failed = 0
  for (let index = 0; index < total; index++) {
    // ABBA: baseline, candidate, candidate, baseline, ...
    const variant = index % 4 === 0 || index % 4 === 3 ? 'baseline' : 'candidate'
    const startedAt = performance.now()
    const ok = await (variant === 'baseline' ? baseline() : candidate()).catch(() => false)
    latencies[variant].push(performance.now() - startedAt)
    if (!ok) failed++
  }
  const baselineMedianMs = median(latencies.baseline)
  const candidateMedianMs = median(latencies.candidate)
  return {
    ratio: baselineMedianMs / candidateMedianMs,
    baselineMedianMs,
    candidateMedianMs,
    failed,
  }
}
