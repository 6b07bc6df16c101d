import * as undici from 'undici'
import * as undici6 from 'undici6'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { tokensSeen, useZoom } from './support/harness.js'

/** Where Node's fetch (`.1`) and the undici package (`.2`, from undici 7 on) keep the dispatcher. */
const GLOBAL_DISPATCHERS = [
  Symbol.for('undici.globalDispatcher.1'),
  Symbol.for('undici.globalDispatcher.2'),
] as const

// The one line of the README, with the undici package's setGlobalDispatcher, and Node's own global
// fetch (undici 6.x inside Node 20, 7.x inside Node 24) sending through whatever it installed.
describe.each([
  ['undici 7', undici],
  ['undici 6', undici6],
] as unknown as ReadonlyArray<[string, typeof undici]>)(
  "Node's global fetch after setGlobalDispatcher(getGlobalDispatcher().compose(zoomAuth(…))) of %s",
  (_name, module) => {
    const zoom = useZoom()
    const global = globalThis as unknown as Record<symbol, unknown>
    let saved: unknown[] = []

    beforeEach(() => {
      saved = GLOBAL_DISPATCHERS.map((symbol) => global[symbol])
      module.setGlobalDispatcher(
        module.getGlobalDispatcher().compose(zoomAuth(zoom.provider(), zoom.hosts)),
      )
    })
    afterEach(() => {
      GLOBAL_DISPATCHERS.forEach((symbol, index) => (global[symbol] = saved[index]))
    })

    it('gives requests for a listed host the token', async () => {
      const response = await fetch(`${zoom.emulator.url}/v2/users/me`)
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ id: expect.any(String) })
      expect(tokensSeen(zoom.emulator)[0]).toBeDefined()
    })

    it('replays a POST after a 401 once, with a new token and the same body', async () => {
      await fetch(`${zoom.emulator.url}/v2/users/me`).then((response) => response.arrayBuffer())
      zoom.emulator.revokeTokens()
      const response = await fetch(`${zoom.emulator.url}/v2/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ topic: 'Zoë’s sync' }),
      })
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ body: '{"topic":"Zoë’s sync"}' })
      const [, revoked, replay] = tokensSeen(zoom.emulator)
      expect(replay).toBeDefined()
      expect(replay).not.toBe(revoked)
      expect(zoom.emulator.stats.requests.map((sent) => sent.status)).toEqual([200, 401, 200])
    })

    it('undici.request and undici.fetch on the global dispatcher get the token too', async () => {
      const requested = await module.request(`${zoom.emulator.url}/v2/users/me`)
      await requested.body.dump()
      const fetched = await module.fetch(`${zoom.emulator.url}/v2/users/me`)
      await fetched.arrayBuffer()
      expect([requested.statusCode, fetched.status]).toEqual([200, 200])
      expect(tokensSeen(zoom.emulator).every((token) => token !== undefined)).toBe(true)
      expect(zoom.emulator.stats.tokenRequests).toBe(1)
    })
  },
)
