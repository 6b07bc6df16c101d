import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { benchConfig } from './bench-config.js'
import { ALL_CLIENTS } from './clients/all-clients.js'
import { renderMarkdown, writeResults, type BenchResults } from './report.js'
import { badCredentials, badCredentialsViolations } from './scenarios/bad-credentials.js'
import { coldBurst, coldBurstViolations } from './scenarios/cold-burst.js'
import { expiryCrossing, expiryCrossingViolations } from './scenarios/expiry-crossing.js'
import { fleet, fleetViolations } from './scenarios/fleet.js'
import { footprint } from './scenarios/footprint.js'
import { hotPath } from './scenarios/hot-path.js'
import { idleUserHeap } from './scenarios/idle-user-heap.js'
import { revocationStorm, revocationStormViolations } from './scenarios/revocation-storm.js'
import { userRaceViolations, userRotationRace } from './scenarios/user-rotation-race.js'

const RESULTS_PATH = fileURLToPath(new URL('../results/latest.json', import.meta.url))
const TABLE_PATH = fileURLToPath(new URL('../results/latest.md', import.meta.url))

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  const startedAt = performance.now()
  process.stderr.write(`bench: ${name}…`)
  const result = await run()
  process.stderr.write(` ${((performance.now() - startedAt) / 1000).toFixed(1)} s\n`)
  return result
}

/** `--token-latency-ms=N` (default 100; 0 = bare loopback). */
function tokenLatencyArgument(): number | undefined {
  const argument = process.argv.find((arg) => arg.startsWith('--token-latency-ms='))
  if (argument === undefined) return undefined
  const value = Number(argument.slice('--token-latency-ms='.length))
  if (!Number.isFinite(value) || value < 0)
    throw new TypeError(`bench: ${argument} needs a number of milliseconds`)
  return value
}

async function main(): Promise<number> {
  const startedAt = performance.now()
  const config = benchConfig(process.argv.includes('--quick'), tokenLatencyArgument())
  const clients = ALL_CLIENTS

  const cold = await step('1 cold burst', () => coldBurst(config, clients))
  const revocation = await step('2 revocation storm', () => revocationStorm(config, clients))
  const expiry = await step('3 expiry crossing', () => expiryCrossing(config, clients))
  const hot = await step('4 hot path', () => hotPath(config, clients))
  const bad = await step('5 bad credentials', () => badCredentials(config, clients))
  const fleetResult = await step('6 fleet', () => fleet(config))
  const sizes = await step('7 footprint', async () => footprint(config))
  const race = await step('8 user rotation race', () => userRotationRace(config))
  const heap = await step('9 heap per idle user', () => idleUserHeap(config))

  const results: BenchResults = {
    date: new Date().toISOString(),
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    cpus: availableParallelism(),
    quick: config.quick,
    durationMs: Math.round(performance.now() - startedAt),
    config,
    clients: clients.map(({ name, transport, grant, ours }) => ({ name, transport, grant, ours })),
    coldBurst: cold,
    revocationStorm: revocation,
    expiryCrossing: expiry,
    hotPath: hot,
    badCredentials: bad,
    fleet: fleetResult,
    footprint: sizes,
    userRace: race,
    idleUserHeap: heap,
    violations: [
      ...coldBurstViolations(cold),
      ...revocationStormViolations(revocation),
      ...expiryCrossingViolations(expiry),
      ...badCredentialsViolations(bad),
      ...fleetViolations(fleetResult),
      ...userRaceViolations(race),
    ],
  }
  const markdown = renderMarkdown(results)
  await writeResults(results, markdown, { json: RESULTS_PATH, markdown: TABLE_PATH })
  process.stdout.write(markdown)
  process.stderr.write(
    `bench: ${(results.durationMs / 1000).toFixed(1)} s in all; raw figures in ${RESULTS_PATH}, tables in ${TABLE_PATH}\n`,
  )
  return results.violations.length === 0 ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(2)
  },
)
