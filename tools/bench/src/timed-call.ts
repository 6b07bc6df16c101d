import type { BenchClient } from './clients/types.js'

/** One request as a scenario saw it. */
export interface TimedCall {
  /** `performance.now()` when the caller started the request. */
  startedAtMs: number
  /** Until the body was read or the call failed. */
  latencyMs: number
  /** The final status, or `undefined` when the call rejected. */
  status: number | undefined
  /** The call rejected, or ended with a status other than 200. */
  failed: boolean
}

/** Makes one request through `client` and times it; never rejects. */
export async function timedCall(client: BenchClient, url: string): Promise<TimedCall> {
  const startedAtMs = performance.now()
  let status: number | undefined
  try {
    status = await client.get(url)
  } catch {
    status = undefined
  }
  return { startedAtMs, latencyMs: performance.now() - startedAtMs, status, failed: status !== 200 }
}
