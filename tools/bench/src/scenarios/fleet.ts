import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { ZoomEmulator } from '@zoom-auth/testing'
import type { BenchConfig } from '../bench-config.js'
import { startIpcWorker, type IpcWorker } from '../ipc-worker.js'
import { connectRedis, deleteKeys } from '../redis-scratch.js'
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

/**
 * Scenario 6, fleet: `processes` child processes (each running the built core, plus @zoom-auth/redis
 * and ioredis when the store is on) start cold at once, then keep asking for a token across
 * `expiries` refreshes of short-lived tokens. Counts the token requests the emulator saw, with the
 * Redis store under a random key prefix (removed afterwards) and without.
 */
export async function fleet(config: BenchConfig): Promise<FleetResult> {
  const { redisUrl } = config.fleet
  const redis = await connectRedis(redisUrl)
  if ('skipped' in redis) return redis
  const prefix = `zoom-auth-bench:${randomUUID()}:`
  try {
    return {
      rows: [await runFleet(config, 'redis', prefix), await runFleet(config, 'none', prefix)],
    }
  } finally {
    await deleteKeys(redis.client, `${prefix}*`)
    await redis.client.quit()
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

function startWorker(
  emulator: ZoomEmulator,
  settings: { useStore: boolean; redisUrl: string; prefix: string },
): IpcWorker {
  const config = { ...settings, credentials: emulator.credentials, oauthBaseUrl: emulator.url }
  return startIpcWorker(WORKER, { BENCH_FLEET_CONFIG: JSON.stringify(config) }, 'fleet worker')
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
