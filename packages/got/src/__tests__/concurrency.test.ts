import { describe, expect, it } from 'vitest'
import { useLocalZoom } from './harness.js'

const COUNT = 500

/** Attempts per call, keyed by each call's own `?call=N`. */
function attemptsPerCall(paths: string[]): number[] {
  const counts = new Map<string, number>()
  for (const path of paths) counts.set(path, (counts.get(path) ?? 0) + 1)
  return [...counts.values()]
}

describe('concurrency', () => {
  const local = useLocalZoom()

  it(`shares one token request among ${COUNT} concurrent requests on a cold cache`, async () => {
    const { api } = local.client()
    const responses = await Promise.all(
      Array.from({ length: COUNT }, (_, call) => api('v2/echo', { searchParams: { call } })),
    )
    expect(responses.every((response) => response.statusCode === 200)).toBe(true)
    expect(local.zoom.stats.tokenRequests).toBe(1)
    expect(local.zoom.stats.requests).toHaveLength(COUNT)
    expect(local.zoom.stats.requests.every((r) => r.validToken)).toBe(true)
  })

  it(`refreshes once when the token is revoked with ${COUNT} requests in flight; each replays once`, async () => {
    const { api } = local.client()
    await api('v2/users/me')
    const gate = local.zoom.holdApiRequests(COUNT)
    const calls = Array.from({ length: COUNT }, (_, call) =>
      api('v2/echo', { searchParams: { call } }),
    )
    await gate.arrived
    local.zoom.revokeTokens()
    gate.release()
    const responses = await Promise.all(calls)

    expect(responses.every((response) => response.statusCode === 200)).toBe(true)
    expect(local.zoom.stats.tokenRequests).toBe(2)
    const echoes = local.zoom.stats.requests.filter((r) => r.path.startsWith('/v2/echo'))
    expect(echoes.filter((r) => r.status === 401)).toHaveLength(COUNT)
    expect(echoes.filter((r) => r.status === 200 && r.validToken)).toHaveLength(COUNT)
    expect(attemptsPerCall(echoes.map((r) => r.path))).toEqual(Array(COUNT).fill(2))
  })

  it('makes exactly 2 attempts per call against an always-401 endpoint, also under load', async () => {
    const { api } = local.client()
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, call) => api('v2/unauthorized', { searchParams: { call } })),
    )
    expect(results.every((result) => result.status === 'rejected')).toBe(true)
    expect(attemptsPerCall(local.zoom.stats.requests.map((r) => r.path))).toEqual(Array(50).fill(2))
  })
})
