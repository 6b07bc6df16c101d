/**
 * One task of the cached-token microbenchmark, alone in a fresh process (run by token-microbench.ts
 * through tsx): set up, warm, time with tinybench, send `{ type: 'result', meanNs }` to the parent.
 */
import { Bench } from 'tinybench'
import type { BenchTarget } from '../clients/types.js'
import { MICROBENCH_TASKS } from './token-microbench-tasks.js'

interface ChildConfig {
  task: string
  target: BenchTarget
  timeMs: number
}

const send = (message: Record<string, unknown>) =>
  new Promise<void>((resolve) => process.send!(message, () => resolve()))

try {
  const { task, target, timeMs } = JSON.parse(process.env['BENCH_MICROBENCH'] ?? '') as ChildConfig
  const spec = MICROBENCH_TASKS.find((candidate) => candidate.task === task)
  if (spec === undefined) throw new Error(`no microbench task "${task}"`)
  const warm = await spec.setUp(target)
  const bench = new Bench({ time: timeMs, warmupTime: 50 })
  bench.add(task, warm.fn)
  await bench.run()
  warm.close()
  const meanMs = bench.getTask(task)?.result?.latency.mean ?? Number.NaN
  await send({ type: 'result', meanNs: meanMs * 1e6 })
} catch (error) {
  await send({ type: 'error', message: error instanceof Error ? error.message : String(error) })
}
process.exit(0)
