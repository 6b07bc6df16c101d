import ky from 'ky'
import { describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { seen, useZoom } from './support/harness.js'

const CALLS = 500

describe('zoomAuth (ky) — concurrency', () => {
  const local = useZoom()

  it(`fetches one token for ${CALLS} concurrent calls on a cold cache`, async () => {
    const api = ky.create(zoomAuth(local.provider()))
    const results = await Promise.all(
      Array.from({ length: CALLS }, () => api.get(`${local.zoom.url}/v2/users/me`).json()),
    )
    expect(results).toHaveLength(CALLS)
    expect(local.zoom.stats.tokenRequests).toBe(1)
    expect(seen(local.zoom).every(([status, hadToken]) => status === 200 && hadToken)).toBe(true)
  })

  it(`refreshes once when the token is revoked with ${CALLS} calls in flight, replaying each once`, async () => {
    // Holds the first attempts in the transport, each already carrying the token, until all have
    // arrived; then the token is revoked and they go out together.
    let armed = false
    let held = 0
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const gatedFetch = async (input: Request, init?: RequestInit) => {
      if (armed && held < CALLS) {
        held += 1
        if (held === CALLS) {
          local.zoom.revokeTokens()
          release()
        }
        await gate
      }
      return fetch(input, init)
    }
    const api = ky.create(zoomAuth(local.provider(), { fetch: gatedFetch }))
    await api.get(`${local.zoom.url}/v2/users/me`)
    local.zoom.resetStats()
    armed = true

    const results = await Promise.all(
      Array.from({ length: CALLS }, (_, i) =>
        api
          .post(`${local.zoom.url}/v2/echo?i=${i}`, {
            json: { i },
            retry: 0,
            // The gate holds attempts inside ky's per-attempt timeout; a busy machine may be slow.
            timeout: false,
          })
          .json(),
      ),
    )
    expect(results.map((body) => (body as { body: string }).body)).toEqual(
      Array.from({ length: CALLS }, (_, i) => `{"i":${i}}`),
    )
    expect(local.zoom.stats.tokenRequests).toBe(1)
    // Every call made exactly two attempts: the 401 and its one replay.
    const attempts = new Map<string, number[]>()
    for (const request of local.zoom.stats.requests)
      attempts.set(request.path, [...(attempts.get(request.path) ?? []), request.status])
    expect(attempts.size).toBe(CALLS)
    expect(
      [...attempts.values()].every((s) => s.length === 2 && s[0] === 401 && s[1] === 200),
    ).toBe(true)
  })

  it(`makes exactly 2 attempts per call against an always-401 endpoint, for ${CALLS} calls`, async () => {
    const api = ky.create(zoomAuth(local.provider()))
    const statuses = await Promise.all(
      Array.from({ length: CALLS }, () =>
        api
          .get(`${local.zoom.url}/v2/unauthorized`, { throwHttpErrors: false })
          .then((r) => r.status),
      ),
    )
    expect(statuses.every((status) => status === 401)).toBe(true)
    expect(local.zoom.stats.requests).toHaveLength(CALLS * 2)
    // One refresh for the whole burst: every late 401 carried the token already retired.
    expect(local.zoom.stats.tokenRequests).toBe(2)
  })
})
