import { fork, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import type { ZoomEmulator } from '@zoom-auth/testing'
import type { BenchConfig } from '../bench-config.js'
import { withEmulator } from './scenario-emulator.js'

export interface FleetRow {
  store: 'redis' | 'none'
  processes: number
  coldTokenRequests: number
  /** Token requests while the fleet crossed `expiries` refreshes, divided by `expiries`. */
  tokenRequestsPerExpiry: number
  expiries: number
  /** Tokens the emulator issued over the whole run. */
  tokensIssued: number
}

export type FleetResult = { skipped: string } | { rows: FleetRow[] }

/** Target with the store: the fleet fetches once at cold start and once per expiry. */
export const FLEET_TARGET = '1 token request at cold start and per expiry (with the store)'

const WORKER = fileURLToPath(new URL('../fleet/fleet-worker.mjs', import.meta.url))
const CONCURRENT_COLD_CALLS = 5
const STEADY_INTERVAL_MS = 50
const WORKER_REPLY_TIMEOUT_MS = 60_000

/**
 * Scenario 6, fleet: `processes` child processes (each running the built core, plus @zoom-auth/redis
 * and ioredis when the store is on) start cold at once, then keep asking for a token across
 * `expiries` refreshes of short-lived tokens. Counts the token requests the emulator saw, with the
 * Redis store under a random key prefix (removed afterwards) and without.
 */
export async function fleet(config: BenchConfig): Promise<FleetResult> {
  const { redisUrl } = config.fleet
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    retryStrategy: () => null,
  })
  redis.on('error', () => {})
  try {
    await redis.connect()
  } catch (error) {
    redis.disconnect()
    return { skipped: `no Redis at ${redisUrl} (${(error as Error).message})` }
  }
  const prefix = `zoom-auth-bench:${randomUUID()}:`
  try {
    return {
      rows: [await runFleet(config, 'redis', prefix), await runFleet(config, 'none', prefix)],
    }
  } finally {
    await deleteKeys(redis, `${prefix}*`)
    await redis.quit()
  }
}

async function runFleet(
  config: BenchConfig,
  store: FleetRow['store'],
  prefix: string,
): Promise<FleetRow> {
  const { processes, tokenTtlSeconds, expiries, redisUrl } = config.fleet
  return withEmulator({ tokenTtlSeconds }, async (emulator) => {
    const workers = Array.from({ length: processes }, () =>
      startWorker(emulator, { useStore: store === 'redis', redisUrl, prefix }),
    )
    try {
      await Promise.all(workers.map((worker) => worker.reply('ready')))
      await Promise.all(
        workers.map((worker) =>
          worker.request({ type: 'cold', concurrent: CONCURRENT_COLD_CALLS }, 'cold-done'),
        ),
      )
      const coldTokenRequests = emulator.stats.tokenRequests
      // Refresh n happens about n half-lifetimes after the cold fetch (refresh-ahead is clamped to
      // half the lifetime, plus up to 5% jitter); stop a quarter lifetime after the last one counted.
      const durationMs = (expiries * 0.5 + 0.25) * tokenTtlSeconds * 1000
      await Promise.all(
        workers.map((worker) =>
          worker.request(
            { type: 'steady', durationMs, intervalMs: STEADY_INTERVAL_MS },
            'steady-done',
          ),
        ),
      )
      const steadyTokenRequests = emulator.stats.tokenRequests - coldTokenRequests
      await Promise.all(workers.map((worker) => worker.request({ type: 'exit' }, 'bye')))
      return {
        store,
        processes,
        coldTokenRequests,
        tokenRequestsPerExpiry: steadyTokenRequests / expiries,
        expiries,
        tokensIssued: emulator.stats.tokensIssued,
      }
    } finally {
      for (const worker of workers) worker.kill()
    }
  })
}

/** Removes what the scenario stored (SCAN, not KEYS: the Redis may be shared). */
async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 100)
    if (keys.length > 0) await redis.del(...keys)
    cursor = next
  } while (cursor !== '0')
}

interface Worker {
  reply(type: string): Promise<Record<string, unknown>>
  request(command: Record<string, unknown>, replyType: string): Promise<Record<string, unknown>>
  kill(): void
}

function startWorker(
  emulator: ZoomEmulator,
  settings: { useStore: boolean; redisUrl: string; prefix: string },
): Worker {
  const child: ChildProcess = fork(WORKER, [], {
    // Plain node, not this process' tsx loader: the workers run the built packages.
    execArgv: [],
    env: {
      ...process.env,
      BENCH_FLEET_CONFIG: JSON.stringify({
        ...settings,
        credentials: emulator.credentials,
        oauthBaseUrl: emulator.url,
      }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const reply = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message['type'] === 'error') {
          cleanup()
          reject(new Error(`fleet worker: ${String(message['message'])}`))
        } else if (message['type'] === type) {
          cleanup()
          resolve(message)
        }
      }
      const onExit = (code: number | null) => {
        cleanup()
        reject(new Error(`fleet worker exited with code ${code} before "${type}"`))
      }
      // A stuck worker fails the scenario instead of hanging the whole run.
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`fleet worker sent no "${type}" within ${WORKER_REPLY_TIMEOUT_MS} ms`))
      }, WORKER_REPLY_TIMEOUT_MS)
      const cleanup = () => {
        clearTimeout(timer)
        child.off('message', onMessage)
        child.off('exit', onExit)
      }
      child.on('message', onMessage)
      child.once('exit', onExit)
    })
  return {
    reply,
    request(command, replyType) {
      const replied = reply(replyType)
      child.send(command)
      return replied
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill()
    },
  }
}

/** Only the fleet with the store has a target; without it, one fetch per process is expected. */
export const meetsFleetTarget = (row: FleetRow): boolean =>
  row.store !== 'redis' || (row.coldTokenRequests === 1 && row.tokenRequestsPerExpiry === 1)

/** Where ours missed the target, one line each. */
export function fleetViolations(result: FleetResult): string[] {
  if (!('rows' in result)) return []
  return result.rows
    .filter((row) => !meetsFleetTarget(row))
    .map(
      (row) =>
        `fleet: ${row.processes} processes with the Redis store made ${row.coldTokenRequests} token requests at cold start and ${row.tokenRequestsPerExpiry} per expiry (target: ${FLEET_TARGET})`,
    )
}
