import type { BeforeRequestHook } from 'got'
import { describe, expect, it } from 'vitest'
import { useZoom } from './support/harness.js'

const COUNT = 500

/** Attempts per call, keyed by each call's own `?call=N`. */
function attemptsPerCall(paths: string[]): number[] {
  const counts = new Map<string, number>()
  for (const path of paths) counts.set(path, (counts.get(path) ?? 0) + 1)
  return [...counts.values()]
}

/** A beforeRequest hook that holds the first `count` attempts until `release()`. */
function holdFirstAttempts(count: number) {
  let remaining = count
  let onArrived = () => {}
  let release = () => {}
  const arrived = new Promise<void>((resolve) => (onArrived = resolve))
  const released = new Promise<void>((resolve) => (release = resolve))
  const hook: BeforeRequestHook = async () => {
    if (remaining === 0) return
    remaining -= 1
    if (remaining === 0) onArrived()
    await released
  }
  return { hook, arrived, release: () => release() }
}

describe('concurrency', () => {
  const local = useZoom()

  it(`shares one token request among ${COUNT} concurrent requests on a cold cache`, async () => {
    const { api } = local.client()
    const responses = await Promise.all(
      Array.from({ length: COUNT }, (_, call) => api('v2/echo', { searchParams: { call } })),
    )
    expect(responses.every((response) => response.statusCode === 200)).toBe(true)
    expect(local.zoom.stats.tokenRequests).toBe(1)
    expect(local.sent()).toHaveLength(COUNT)
    expect(local.sent().every((r) => r.withToken)).toBe(true)
  })

  it(`refreshes once when the token is revoked with ${COUNT} requests in flight; each replays once`, async () => {
    const { api } = local.client()
    await api('v2/users/me')
    // Holds each call's first attempt after zoom-auth gave it the token, until the token is revoked.
    const gate = holdFirstAttempts(COUNT)
    const held = api.extend({ hooks: { beforeRequest: [gate.hook] } })
    const calls = Array.from({ length: COUNT }, (_, call) =>
      held('v2/echo', { searchParams: { call } }),
    )
    await gate.arrived
    local.zoom.revokeTokens()
    gate.release()
    const responses = await Promise.all(calls)

    expect(responses.every((response) => response.statusCode === 200)).toBe(true)
    expect(local.zoom.stats.tokenRequests).toBe(2)
    const echoes = local.sent().filter((r) => r.path.startsWith('/v2/echo'))
    expect(echoes.filter((r) => r.status === 401)).toHaveLength(COUNT)
    expect(echoes.filter((r) => r.status === 200 && r.withToken)).toHaveLength(COUNT)
    expect(attemptsPerCall(echoes.map((r) => r.path))).toEqual(Array(COUNT).fill(2))
  })

  it('makes exactly 2 attempts per call against an always-401 endpoint, also under load', async () => {
    const { api } = local.client()
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, call) => api('v2/unauthorized', { searchParams: { call } })),
    )
    expect(results.every((result) => result.status === 'rejected')).toBe(true)
    expect(attemptsPerCall(local.sent().map((r) => r.path))).toEqual(Array(50).fill(2))
  })
})
