import { describeError } from '../describe-error.js'
import type { DemoClient } from './clients.js'

/** What one client did during the demo. */
export interface ClientResult {
  name: string
  requests: number
  ok: number
  failed: number
  latenciesMs: number[]
  /** What went wrong the first time a request failed (`HTTP 403`, an error's one-line description). */
  firstFailure?: string
}

export interface LoadPlan {
  clients: DemoClient[]
  url: (client: DemoClient) => string
  requestsPerClient: number
  concurrencyPerClient: number
  /** Runs between the two halves of the run, when every client has done half of its requests. */
  atHalfway?: () => void
  onProgress?: (done: number, total: number) => void
}

/**
 * Drives every client at once, each with a fixed number of workers, timing each request. The run
 * has two halves so that every client meets whatever `atHalfway` did (a revocation, say).
 */
export async function runLoad(plan: LoadPlan): Promise<ClientResult[]> {
  const total = plan.clients.length * plan.requestsPerClient
  const results = plan.clients.map((client): ClientResult => ({
    name: client.name,
    requests: 0,
    ok: 0,
    failed: 0,
    latenciesMs: [],
  }))
  let done = 0

  const drive = (index: number, until: number) => {
    const client = plan.clients[index]!
    const result = results[index]!
    const worker = async () => {
      while (result.requests < until) {
        result.requests++
        const started = performance.now()
        // A failure is counted, not thrown, so one bad client doesn't end the run; the first one's
        // reason is kept so the summary can say why.
        const status = await client.get(plan.url(client)).catch((error: unknown) => {
          result.firstFailure ??= describeError(error).message
          return 0
        })
        result.latenciesMs.push(performance.now() - started)
        if (status >= 200 && status < 300) result.ok++
        else {
          result.failed++
          result.firstFailure ??= `HTTP ${status}`
        }
        plan.onProgress?.(++done, total)
      }
    }
    return Promise.all(Array.from({ length: plan.concurrencyPerClient }, worker))
  }

  const half = Math.ceil(plan.requestsPerClient / 2)
  await Promise.all(plan.clients.map((_, index) => drive(index, half)))
  plan.atHalfway?.()
  await Promise.all(plan.clients.map((_, index) => drive(index, plan.requestsPerClient)))
  return results
}
