import { Agent, request } from 'undici'
import * as undici6 from 'undici6'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { tokensSeen, useZoom } from './support/harness.js'

const CONCURRENT = 500

/**
 * An interceptor that holds the first `count` dispatches (below zoomAuth: they already carry their
 * token) until `release()`, so a spec can revoke that token while they are in flight.
 */
function holdDispatches(count: number) {
  const held: Array<() => void> = []
  let holding = true
  let onFull = () => {}
  const arrived = new Promise<void>((resolve) => (onFull = resolve))
  const interceptor =
    (dispatch: (opts: object, handler: object) => boolean) => (opts: object, handler: object) => {
      if (!holding) return dispatch(opts, handler)
      held.push(() => dispatch(opts, handler))
      if (held.length === count) {
        holding = false
        onFull()
      }
      return true
    }
  return {
    interceptor,
    arrived,
    release: () => held.splice(0).forEach((send) => send()),
  }
}

// undici 6 typed as 7: the specs use only what both share.
describe.each([
  ['undici 7', Agent],
  ['undici 6', undici6.Agent],
] as unknown as ReadonlyArray<[string, typeof Agent]>)('concurrency (%s)', (_name, AgentClass) => {
  const zoom = useZoom()
  const send = (dispatcher: unknown, path: string, options: object = {}) =>
    request(`${zoom.emulator.url}${path}`, { dispatcher, ...options } as never)

  it(`makes one token request for ${CONCURRENT} concurrent requests on a cold provider`, async () => {
    const dispatcher = zoom.dispatcher(
      new AgentClass().compose(zoomAuth(zoom.provider(), zoom.hosts)),
    )
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT }, () => send(dispatcher, '/v2/users/me')),
    )
    await Promise.all(responses.map((response) => response.body.dump()))
    expect(responses.every((response) => response.statusCode === 200)).toBe(true)
    expect(zoom.emulator.stats.tokenRequests).toBe(1)
    expect(zoom.emulator.stats.apiRequests).toBe(CONCURRENT)
  })

  it(`fetches one new token when the token is revoked with ${CONCURRENT} requests in flight`, async () => {
    const provider = zoom.provider()
    let replays = 0
    provider.subscribe((event) => {
      if (event.type === 'request_replayed') replays += 1
    })
    const first = await provider.getToken()
    const gate = holdDispatches(CONCURRENT)
    const dispatcher = zoom.dispatcher(
      new AgentClass().compose(gate.interceptor as never, zoomAuth(provider, zoom.hosts)),
    )
    const pending = Array.from({ length: CONCURRENT }, (_, index) =>
      send(dispatcher, '/v2/echo', { method: 'POST', body: `request ${index}` }),
    )
    await gate.arrived
    zoom.emulator.revokeTokens()
    gate.release()
    const responses = await Promise.all(pending)
    const echoed = await Promise.all(
      responses.map((response) => response.body.json() as Promise<{ body: string }>),
    )

    expect(responses.every((response) => response.statusCode === 200)).toBe(true)
    expect(echoed.map((echo) => echo.body)).toEqual(pending.map((_, index) => `request ${index}`))
    expect(zoom.emulator.stats.tokenRequests).toBe(2)
    // Each made exactly two attempts: its 401 with the revoked token, and one replay with the new.
    const tokens = tokensSeen(zoom.emulator)
    expect(tokens.filter((token) => token === first.accessToken)).toHaveLength(CONCURRENT)
    const fresh = tokens.filter((token) => token !== first.accessToken)
    expect(fresh).toHaveLength(CONCURRENT)
    expect(new Set(fresh).size).toBe(1)
    expect(replays).toBe(CONCURRENT)
  })
})
