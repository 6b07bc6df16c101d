import { isZoomAuthError } from '@zoom-auth/core'
import type { ContractTestApi } from '../token-store-contract/contract-test-api.js'
import { adapterSpec, tokensSeenBy, type AdapterSpecContext } from './adapter-spec-context.js'

/** A host that never resolves (RFC 6761): were a request to leave anyway, it would go nowhere. */
const NON_LOOPBACK_HOST = 'zoom-auth-contract.invalid'

/**
 * Registers the host-scoping specs: the token goes to listed hosts only — not to another host,
 * not to look-alikes of a listed one — and never over plain http to a host that is not loopback.
 *
 * @example
 * ```ts
 * test.describe('host scoping', () => describeHostScopingSpecs(test, context))
 * ```
 */
export function describeHostScopingSpecs(test: ContractTestApi, context: AdapterSpecContext): void {
  const { expect } = test
  const spec = adapterSpec(test)

  spec('sends the token to a listed host (plain http on loopback)', async () => {
    const { emulator } = context
    const outcome = await context.send()({ url: `${emulator.url}/v2/users/me` })
    expect(outcome).toMatchObject({ ok: true, status: 200 })
    const [sent] = tokensSeenBy(emulator)
    expect(sent).toBeDefined()
    expect(context.provider.peek()?.accessToken).toBe(sent)
  })

  spec('sends no token to an absolute URL on a host outside `hosts`', async () => {
    const { emulator, origin } = context
    const outcome = await context.send()({ url: `${origin.url}/v2/echo` })
    expect(outcome).toMatchObject({ ok: true, status: 401 })
    expect(origin.requests.map((request) => request.token)).toEqual([undefined])
    // Not even fetched: the host check comes before the token.
    expect(emulator.stats.tokenRequests).toBe(0)
  })

  spec('sends no token to look-alikes of a listed host', async () => {
    const { emulator, origin } = context
    const listed = emulator.host
    const lookAlikes = [
      // Same address, another port: another origin.
      `${origin.url}/v2/users/me`,
      // The listed host:port as user info, then the real host.
      `http://${listed}@${origin.host}/v2/users/me`,
      `${origin.url}/${listed}/v2/users/me`,
      `${origin.url}/v2/users/me?host=${listed}`,
    ]
    const send = context.send()
    const refusedByTheClient: unknown[] = []
    for (const url of lookAlikes) {
      const outcome = await send({ url })
      // fetch refuses a URL with credentials before sending; that is no token sent either.
      if (!outcome.ok) refusedByTheClient.push(isZoomAuthError(outcome.error))
    }
    expect(refusedByTheClient.every((isAuthError) => isAuthError === false)).toBe(true)
    expect(origin.requests.length + refusedByTheClient.length).toBe(lookAlikes.length)
    expect(origin.requests.filter((request) => request.token !== undefined)).toEqual([])
    expect(emulator.stats.tokenRequests).toBe(0)
  })

  spec('refuses plain http to an allowed host that is not loopback (insecure_url)', async () => {
    const { emulator } = context
    const send = context.send({ hosts: [NON_LOOPBACK_HOST, emulator.host] })
    const outcome = await send({ url: `http://${NON_LOOPBACK_HOST}/v2/users/me` })
    expect(outcome.ok).toBe(false)
    const error = outcome.ok ? undefined : outcome.error
    expect(isZoomAuthError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'insecure_url' })
    // Refused before a token was fetched or anything was sent.
    expect(emulator.stats.tokenRequests).toBe(0)
  })
}
