/** What {@link closedLoop} measured. */
export interface ClosedLoopResult {
  requestsPerSecond: number
  /** CPU time (user + system) this process spent per request, in µs: the client's own cost. */
  cpuMicrosPerRequest: number
  /** Calls whose `send` resolved `false` or rejected. */
  failed: number
}

/**
 * `total` calls of `send`, at most `concurrency` at a time (each worker starts its next call when
 * its last one settled), as a throughput test on keep-alive connections.
 */
export async function closedLoop(
  total: number,
  concurrency: number,
  send: () => Promise<boolean>,
): Promise<ClosedLoopResult> {
  let started = 0
  let failed = 0
  const worker = async () => {
    while (started < total) {
      started++
      const ok = await send().catch(() => false)
      if (!ok) failed++
    }
  }
  const cpuBefore = process.cpuUsage()
  const startedAt = performance.now()
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker))
  const elapsedMs = performance.now() - startedAt
  const cpu = process.cpuUsage(cpuBefore)
  return {
    requestsPerSecond: (total * 1000) / elapsedMs,
    cpuMicrosPerRequest: (cpu.user + cpu.system) / total,
    failed,
  }
}
