import { fileURLToPath } from 'node:url'
import type { BenchConfig } from '../bench-config.js'
import type { BenchTarget } from '../clients/types.js'
import { startIpcWorker } from '../ipc-worker.js'
import { MICROBENCH_TASKS } from './token-microbench-tasks.js'

export { S2S_AUTHORIZE_TASK, USER_AUTHORIZE_TASK } from './token-microbench-tasks.js'

const CHILD = fileURLToPath(new URL('./token-microbench-child.ts', import.meta.url))

export interface MicrobenchRow {
  task: string
  ours: boolean
  opsPerSecond: number
  /** Median over the rounds of each round's mean. */
  meanNs: number
  minNs: number
  maxNs: number
}

/**
 * Cached token lookups ({@link MICROBENCH_TASKS}), each task alone in a fresh process, round after
 * round in alternating order; each row is the median of its rounds' means, with their range.
 *
 * Why processes: timed one after another in one process, a task inherits the JIT feedback of the
 * tasks before it (call sites that saw another kind of provider): Server-to-Server's `authorize`
 * measured 390–448 ns right after the user row and 372–406 ns first. An app makes one kind of call;
 * so does each child.
 */
export async function tokenMicrobench(
  config: BenchConfig,
  target: BenchTarget,
): Promise<MicrobenchRow[]> {
  const { microbenchTimeMs, microbenchRounds } = config.hotPath
  const plain = {
    url: target.url,
    oauthUrl: target.oauthUrl,
    host: target.host,
    credentials: target.credentials,
    tokenTtlSeconds: target.tokenTtlSeconds,
  }
  const samples = new Map<string, number[]>(MICROBENCH_TASKS.map(({ task }) => [task, []]))
  for (let round = 0; round < microbenchRounds; round++) {
    const order = round % 2 === 0 ? MICROBENCH_TASKS : [...MICROBENCH_TASKS].reverse()
    for (const { task } of order)
      samples.get(task)!.push(await timeInChild(task, plain, microbenchTimeMs))
  }
  return MICROBENCH_TASKS.map(({ task, ours }) => {
    const means = [...samples.get(task)!].sort((a, b) => a - b)
    const median = means[Math.floor(means.length / 2)]!
    return {
      task,
      ours,
      opsPerSecond: Math.round(1e9 / median),
      meanNs: Math.round(median),
      minNs: Math.round(means[0]!),
      maxNs: Math.round(means.at(-1)!),
    }
  })
}

async function timeInChild(task: string, target: BenchTarget, timeMs: number): Promise<number> {
  const child = startIpcWorker(
    CHILD,
    { BENCH_MICROBENCH: JSON.stringify({ task, target, timeMs }) },
    `microbench "${task}"`,
    60_000,
    ['--import', 'tsx'],
  )
  try {
    const { meanNs } = await child.reply('result')
    return meanNs as number
  } finally {
    child.kill()
  }
}
