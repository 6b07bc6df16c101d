import diagnostics from 'node:diagnostics_channel'
import { format, inspect } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  EVENTS_CHANNEL_NAME,
  zoomTokenProvider,
  type TokenProvider,
  type ZoomAuthEvent,
  type ZoomTokenProviderOptions,
} from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { drivers, type DriverOutcome } from '../drivers.js'
import { closedPortUrl } from '../emulator-helpers.js'
import { flushMicrotasks, settleWithin } from '../real-timers.js'
import { renderings, SecretSet } from '@zoom-auth/testing/contracts'
import { trackUnhandledRejections } from '../unhandled-rejections.js'

trackUnhandledRejections()

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const

let emulator: ZoomEmulator
let other: ZoomEmulator
let secrets: SecretSet
let events: unknown[]
let logs: string[]
const providers: TokenProvider[] = []
const onChannel = (message: unknown) => void events.push(message)

beforeEach(async () => {
  ;[emulator, other] = await Promise.all([startZoomEmulator(), startZoomEmulator()])
  secrets = new SecretSet(emulator.credentials)
  events = []
  logs = []
  diagnostics.subscribe(EVENTS_CHANNEL_NAME, onChannel)
  for (const method of CONSOLE_METHODS) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logs.push(format(...args))
    })
  }
})

afterEach(async () => {
  vi.restoreAllMocks()
  diagnostics.unsubscribe(EVENTS_CHANNEL_NAME, onChannel)
  for (const provider of providers.splice(0)) provider.close()
  await Promise.all([emulator.close(), other.close()])
})

/** A provider whose every issued token is known to the scan, reporting events to the scan too. */
function makeProvider(overrides: Partial<ZoomTokenProviderOptions> = {}): TokenProvider {
  const provider = zoomTokenProvider({
    ...emulator.credentials,
    oauthBaseUrl: emulator.url,
    fetch: secrets.recordingFetch(),
    timeoutMs: 200,
    retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 20 },
    ...overrides,
  })
  provider.subscribe((event: ZoomAuthEvent) => events.push(event))
  providers.push(provider)
  return provider
}

/** What a caller ends up holding: the thrown error, or the response object. */
function produced(outcome: DriverOutcome): unknown {
  return outcome.ok ? outcome.raw : outcome.error
}

/**
 * Logs what the caller got the ways applications do, then scans that, the events and everything
 * written to the console for every secret and every token issued so far.
 */
function leaks(values: Array<[name: string, value: unknown]>): string[] {
  for (const [, value] of values) {
    console.error(value)
    console.log('request failed: %s', value)
    console.log(JSON.stringify({ error: value }))
  }
  secrets.addTokens(emulator.stats.requests.map((request) => request.token))
  const texts = values.flatMap(([name, value]) => renderings(value, name))
  texts.push(['the events', JSON.stringify(events)], ['util.inspect(events)', inspect(events)])
  texts.push(['the console output', logs.join('\n')])
  return secrets.leaksIn(texts)
}

async function untilApiRequests(count: number): Promise<void> {
  while (emulator.stats.apiRequests < count) await flushMicrotasks()
}

describe.each(drivers)('no secret leaves through $name', (driver) => {
  const client = (provider: TokenProvider) =>
    driver.client(provider, { hosts: [emulator.host] }, { throwHttpErrors: true })

  it('from an HTTP error after a replay (an endpoint that always answers 401)', async () => {
    const outcome = await client(makeProvider())({ url: `${emulator.url}/v2/unauthorized` })
    expect(emulator.stats.apiRequestsByRoute['GET /v2/unauthorized']).toBe(2)
    expect(leaks([['the 401', produced(outcome)]])).toEqual([])
    expect(secrets.tokenCount).toBe(2)
  })

  it('from a 500, a connection reset and a redirect elsewhere', async () => {
    const send = client(makeProvider())
    emulator.failNextApiRequests({ status: 500 })
    const failed = await send({ url: `${emulator.url}/v2/users/me` })
    emulator.failNextApiRequests({ reset: true })
    const reset = await send({ url: `${emulator.url}/v2/users/me` })
    const to = encodeURIComponent(`${other.url}/v2/users/me`)
    const redirected = await send({ url: `${emulator.url}/v2/redirect?to=${to}` })
    expect(other.stats.requests.map((request) => request.token)).toEqual([undefined])
    expect(
      leaks([
        ['the 500', produced(failed)],
        ['the reset', produced(reset)],
        ['the redirected 401', produced(redirected)],
      ]),
    ).toEqual([])
    expect(secrets.tokenCount).toBe(1)
  })

  // got answers an abort (and AbortSignal.timeout) with destroy(), bypassing beforeError hooks:
  // the adapter redacts those errors in its handler.
  it('from an abort, or a signal timeout, while the request is in flight', async () => {
    const send = client(makeProvider())
    emulator.failNextApiRequests({ delayMs: Infinity }, 2)
    const controller = new AbortController()
    const aborted = send({ url: `${emulator.url}/v2/users/me`, signal: controller.signal })
    await settleWithin(untilApiRequests(1), 5_000)
    controller.abort()
    const timedOut = send({ url: `${emulator.url}/v2/users/me`, signal: AbortSignal.timeout(50) })
    const [{ value: abortOutcome }, { value: timeoutOutcome }] = await Promise.all([
      settleWithin(aborted, 5_000),
      settleWithin(timedOut, 5_000),
    ])
    expect([abortOutcome.ok, timeoutOutcome.ok]).toEqual([false, false])
    expect(emulator.stats.apiRequests).toBe(2)
    expect(
      leaks([
        ['the abort', produced(abortOutcome)],
        ['the signal timeout', produced(timeoutOutcome)],
      ]),
    ).toEqual([])
    expect(secrets.tokenCount).toBe(1)
  })

  it('from token failures (invalid_client, 5xx, timeout, reset, refused, a page that is no token)', async () => {
    const wrong = { ...emulator.credentials, clientSecret: 'not-the-secret' }
    secrets.addCredentials(wrong)
    const url = `${emulator.url}/v2/users/me`
    const outcomes: Array<[string, unknown]> = []

    outcomes.push(['invalid_client', produced(await client(makeProvider(wrong))({ url }))])
    emulator.failNextTokenRequests({ status: 503 }, 2)
    outcomes.push(['server_error', produced(await client(makeProvider())({ url }))])
    emulator.failNextTokenRequests({ delayMs: Infinity }, 2)
    outcomes.push(['timeout', produced(await client(makeProvider())({ url }))])
    emulator.failNextTokenRequests({ reset: true }, 2)
    outcomes.push(['network_error', produced(await client(makeProvider())({ url }))])
    const refused = makeProvider({ oauthBaseUrl: await closedPortUrl() })
    outcomes.push(['refused', produced(await client(refused)({ url }))])
    emulator.failNextTokenRequests({ status: 200, html: true })
    outcomes.push(['invalid_response', produced(await client(makeProvider())({ url }))])

    expect(outcomes.map(([, error]) => (error as { code?: unknown }).code)).toEqual([
      'invalid_client',
      'server_error',
      'timeout',
      'network_error',
      'network_error',
      'invalid_response',
    ])
    expect(leaks(outcomes)).toEqual([])
  })

  it('from a token endpoint (or proxy) that echoes the Basic header back', async () => {
    const { clientId, clientSecret } = emulator.credentials
    const header = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
    const url = `${emulator.url}/v2/users/me`
    emulator.failNextTokenRequests({
      status: 400,
      body: { error: 'invalid_request', reason: `Rejected header Authorization: ${header}` },
    })
    const echoedReason = await client(makeProvider())({ url })
    emulator.failNextTokenRequests({ status: 400, body: { error: header } })
    const echoedError = await client(makeProvider())({ url })
    expect(
      leaks([
        ['the echoed reason', produced(echoedReason)],
        ['the echoed error field', produced(echoedError)],
      ]),
    ).toEqual([])
  })
})
