import { zoomTokenProvider, type TokenProvider, type ZoomAuthEvent } from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { hasZoomEnv, readEnvConfig } from '../env-config.js'
import type { CliIo } from '../io.js'
import { demoClients, type DemoClient } from '../demo/clients.js'
import { percentile } from '../demo/percentile.js'
import { progressReporter } from '../demo/progress.js'
import { runLoad, type ClientResult } from '../demo/run-load.js'
import { markdownTable } from '../demo/table.js'

export interface DemoOptions {
  requestsPerClient: number
}

/**
 * `zoom-auth demo` (resolves the exit code: 1 when a check fails): every adapter through `zoomAuth` at once, sharing one provider. Against the
 * bundled emulator it revokes all tokens halfway; with ZOOM_* set it calls real Zoom instead.
 */
export async function demoCommand(io: CliIo, options: DemoOptions): Promise<number> {
  if (hasZoomEnv(io.env)) return realZoomDemo(io)
  const emulator = await startZoomEmulator()
  try {
    return await emulatorDemo(io, emulator, options)
  } finally {
    await emulator.close()
  }
}

async function emulatorDemo(
  io: CliIo,
  emulator: ZoomEmulator,
  options: DemoOptions,
): Promise<number> {
  io.stderr(
    `Zoom emulator on ${emulator.url}: ${options.requestsPerClient} requests per client, all tokens revoked halfway\n`,
  )
  const { provider, events } = observedProvider({
    ...emulator.credentials,
    oauthBaseUrl: emulator.url,
  })
  const clients = demoClients(provider, { hosts: [emulator.host] })
  let fetchesBeforeRevocation = 0
  const results = await runLoad({
    clients,
    url: (client) => `${emulator.url}/v2/users/me?client=${client.name}`,
    requestsPerClient: options.requestsPerClient,
    concurrencyPerClient: 25,
    atHalfway: () => {
      fetchesBeforeRevocation = events.filter((event) => event.type === 'token_fetched').length
      emulator.revokeTokens()
    },
    onProgress: progressReporter(io, 'requests'),
  })
  provider.close()

  const recovered = (client: DemoClient) =>
    emulator.stats.requests.filter(
      (request) => request.status === 401 && request.path.includes(`client=${client.name}`),
    ).length
  const fetches = events.filter((event) => event.type === 'token_fetched').length
  const tokensUsed = new Set(emulator.stats.requests.map((request) => request.token)).size
  const failed = results.reduce((sum, result) => sum + result.failed, 0)

  io.stdout(
    `\n${summaryTable(results, (name) => recovered(clients.find((client) => client.name === name)!))}\n\n`,
  )
  io.stdout(
    `token requests:        ${emulator.stats.tokenRequests} (${fetchesBeforeRevocation} before the revocation, ${fetches - fetchesBeforeRevocation} after)\n`,
  )
  io.stdout(`distinct tokens used:  ${tokensUsed}\n`)
  io.stdout(`failed requests:       ${failed}\n\n`)
  io.stdout(failureLines(results))
  const checks: Array<[boolean, string]> = [
    [
      fetchesBeforeRevocation === 1,
      `one token served all ${clients.length} clients until the revocation`,
    ],
    [fetches - fetchesBeforeRevocation === 1, 'exactly one refresh after the revocation'],
    [failed === 0, 'every request succeeded'],
  ]
  for (const [passed, text] of checks) io.stdout(`${passed ? '✓' : '✗'} ${text}\n`)
  return checks.every(([passed]) => passed) ? 0 : 1
}

async function realZoomDemo(io: CliIo): Promise<number> {
  const { credentials, oauthBaseUrl, apiBaseUrl } = readEnvConfig(io.env)
  const { provider, events } = observedProvider({
    ...credentials,
    ...(oauthBaseUrl && { oauthBaseUrl }),
  })
  try {
    const base = apiBaseUrl ?? (await provider.getToken()).apiUrl ?? 'https://api.zoom.us'
    io.stderr(`Calling ${base}/v2/users/me through every adapter\n`)
    const clients = demoClients(provider, apiBaseUrl ? { hosts: [new URL(apiBaseUrl).host] } : {})
    const results = await runLoad({
      clients,
      url: () => new URL('/v2/users/me', base).href,
      requestsPerClient: 3,
      concurrencyPerClient: 3,
      onProgress: progressReporter(io, 'requests'),
    })
    io.stdout(`\n${summaryTable(results, () => 0)}\n\n`)
    io.stdout(failureLines(results))
    io.stdout(
      `token requests: ${events.filter((event) => event.type === 'token_fetched').length}\n`,
    )
    return results.every((result) => result.failed === 0) ? 0 : 1
  } finally {
    provider.close()
  }
}

function observedProvider(options: Parameters<typeof zoomTokenProvider>[0]): {
  provider: TokenProvider
  events: ZoomAuthEvent[]
} {
  const events: ZoomAuthEvent[] = []
  const provider = zoomTokenProvider({ ...options, onEvent: (event) => events.push(event) })
  return { provider, events }
}

function summaryTable(results: ClientResult[], recovered: (name: string) => number): string {
  const ms = (value: number) => value.toFixed(1)
  return markdownTable(
    ['client', 'requests', 'ok', 'failed', '401 recovered', 'p50 ms', 'p99 ms'],
    results.map((result) => [
      result.name,
      result.requests,
      result.ok,
      result.failed,
      recovered(result.name),
      ms(percentile(result.latenciesMs, 50)),
      ms(percentile(result.latenciesMs, 99)),
    ]),
  )
}

/** One line per client that had a failure, saying what its first one was (blank when none failed). */
function failureLines(results: ClientResult[]): string {
  const lines = results
    .filter((result) => result.firstFailure !== undefined)
    .map((result) => `${result.name}: first failure: ${result.firstFailure}\n`)
  return lines.length === 0 ? '' : `${lines.join('')}\n`
}
