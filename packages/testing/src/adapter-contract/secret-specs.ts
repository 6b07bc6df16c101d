import { inspect } from 'node:util'
import type { ZoomTokenProviderOptions } from '@zoom-auth/core'
import type { ContractTestApi } from '../token-store-contract/contract-test-api.js'
import type { DriverOutcome } from './adapter-driver.js'
import { adapterSpec, tokensSeenBy, type AdapterSpecContext } from './adapter-spec-context.js'
import { bodySample } from './body-samples.js'
import { renderings, SecretSet } from './secret-scan.js'

/**
 * Registers the secrets specs: what a caller ends up holding (HTTP errors after a replay, a 500, a
 * reset, a redirect elsewhere, an abort in flight, token failures) and every event, rendered the
 * ways logs render them, carries no token, client secret or Basic header.
 *
 * @example
 * ```ts
 * test.describe('secrets', () => describeSecretSpecs(test, context))
 * ```
 */
export function describeSecretSpecs(test: ContractTestApi, context: AdapterSpecContext): void {
  const { expect } = test
  const spec = adapterSpec(test)
  let secrets: SecretSet

  test.beforeEach(async () => {
    secrets = new SecretSet(context.emulator.credentials)
  })

  /** A client on a provider whose every issued token is known to the scan; HTTP errors thrown. */
  function client(overrides: Partial<ZoomTokenProviderOptions> = {}) {
    const provider = context.makeProvider({
      fetch: secrets.recordingFetch(),
      timeoutMs: 200,
      retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 20 },
      ...overrides,
    })
    return context.send(
      { hosts: [context.emulator.host, context.origin.host] },
      { throwHttpErrors: true },
      provider,
    )
  }

  /** Scans what the caller got, the events and the diagnostics channel for every secret. */
  function leaks(outcomes: Array<[name: string, outcome: DriverOutcome]>): string[] {
    secrets.addTokens(tokensSeenBy(context.emulator))
    secrets.addTokens(context.origin.requests.map((request) => request.token))
    const texts = outcomes.flatMap(([name, outcome]) =>
      renderings(outcome.ok ? outcome.raw : outcome.error, name),
    )
    texts.push(
      ['the events', JSON.stringify(context.events)],
      ['util.inspect(events)', inspect(context.events)],
    )
    texts.push(['the diagnostics channel', inspect(context.channel, { depth: 6 })])
    return secrets.leaksIn(texts)
  }

  spec(
    'leaks nothing through HTTP errors: after a replay, a 500, a reset, a redirect elsewhere',
    async () => {
      const { emulator, origin } = context
      const send = client()
      const unauthorized = await send({ url: `${emulator.url}/v2/unauthorized` })
      origin.answerNext(401, 2)
      const sample = bodySample('json')
      const upload = await send({
        url: `${origin.url}/v2/upload`,
        method: 'POST',
        body: sample.body,
        headers: sample.headers,
      })
      emulator.failNextApiRequests({ status: 500 })
      const failed = await send({ url: `${emulator.url}/v2/users/me` })
      emulator.failNextApiRequests({ reset: true })
      const reset = await send({ url: `${emulator.url}/v2/users/me` })
      // A redirect from a host that got the token to a host that does not (the origin is listed,
      // but a redirect that leaves the first origin drops the token all the same).
      const to = encodeURIComponent(`${origin.url}/v2/elsewhere`)
      const redirected = await send({ url: `${emulator.url}/v2/redirect?to=${to}` })
      expect(emulator.stats.apiRequestsByRoute['GET /v2/unauthorized']).toBe(2)
      expect(origin.requests.map((request) => request.token === undefined)).toEqual([
        false,
        false,
        true,
      ])
      expect(reset.ok).toBe(false)
      expect(secrets.tokenCount).toBeGreaterThanOrEqual(2)
      expect(
        leaks([
          ['the 401 after a replay', unauthorized],
          ['the upload 401 after a replay', upload],
          ['the 500', failed],
          ['the reset', reset],
          ['the redirected 401', redirected],
        ]),
      ).toEqual([])
    },
  )

  spec('leaks nothing through a signal that times out while the request is in flight', async () => {
    const { emulator } = context
    emulator.failNextApiRequests({ delayMs: Infinity })
    const outcome = await client()({
      url: `${emulator.url}/v2/users/me`,
      signal: AbortSignal.timeout(100),
    })
    expect(outcome.ok).toBe(false)
    expect(emulator.stats.apiRequests).toBe(1)
    expect(secrets.tokenCount).toBe(1)
    expect(leaks([['the signal timeout', outcome]])).toEqual([])
  })

  spec(
    'leaks nothing through token failures (invalid_client, an endpoint that echoes Basic)',
    async () => {
      const { emulator } = context
      const wrong = { ...emulator.credentials, clientSecret: 'not-the-secret' }
      secrets.addCredentials(wrong)
      const url = `${emulator.url}/v2/users/me`
      const invalidClient = await client(wrong)({ url })
      const { clientId, clientSecret } = emulator.credentials
      const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
      emulator.failNextTokenRequests({
        status: 400,
        body: { error: 'invalid_request', reason: `Rejected header Authorization: ${basic}` },
      })
      const echoed = await client()({ url })
      expect(
        [invalidClient, echoed].map((outcome) =>
          outcome.ok ? 'ok' : (outcome.error as { code?: unknown }).code,
        ),
      ).toEqual(['invalid_client', 'invalid_request'])
      expect(
        leaks([
          ['the invalid_client error', invalidClient],
          ['the echoed reason', echoed],
        ]),
      ).toEqual([])
    },
  )
}
