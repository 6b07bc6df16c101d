import { describe, expect, it } from 'vitest'
import { TokenRegistry } from '../token-registry.js'
import { UserGrants } from '../user-grants.js'

function grantsWithRegistry() {
  const registry = new TokenRegistry()
  const grants = new UserGrants(registry, {
    accessTokenTtlSeconds: 3600,
    refreshTokenTtlSeconds: undefined,
  })
  return { registry, grants }
}

describe('UserGrants', () => {
  it('rotates along a chain: only the newest refresh token is live, each dead one names its user', () => {
    const { grants } = grantsWithRegistry()
    const first = grants.issue('alice', ['user:read'])
    const second = grants.refresh(first.refreshToken)
    expect(second.ok).toBe(true)
    expect(grants.refresh(first.refreshToken)).toEqual({ ok: false, userId: 'alice' })
    expect(grants.refresh('never-issued')).toEqual({ ok: false, userId: undefined })
  })

  it('counts every presentation of a value, issued or not', () => {
    const { grants } = grantsWithRegistry()
    const { refreshToken } = grants.issue('alice', [])
    expect(grants.notePresentation(refreshToken)).toEqual({ earlier: 0, userId: 'alice' })
    expect(grants.notePresentation(refreshToken)).toEqual({ earlier: 1, userId: 'alice' })
    expect(grants.notePresentation('x')).toEqual({ earlier: 0, userId: undefined })
  })

  it('revokes a grant by its access token or its live refresh token, never by a rotated one', () => {
    const { grants, registry } = grantsWithRegistry()
    const first = grants.issue('alice', [])
    const rotated = grants.refresh(first.refreshToken)
    if (!rotated.ok) throw new Error('refresh failed')
    expect(grants.revoke(first.refreshToken)).toBe(false)
    expect(grants.revoke(first.accessToken)).toBe(true)
    expect(registry.check(rotated.tokens.accessToken).state).toBe('invalid')
    expect(grants.refresh(rotated.tokens.refreshToken).ok).toBe(false)
    expect(grants.revoke(rotated.tokens.refreshToken)).toBe(false)
  })

  it('keeps 10,000 users’ grants apart', () => {
    const { grants, registry } = grantsWithRegistry()
    const pairs = Array.from({ length: 10_000 }, (_, index) => grants.issue(`user-${index}`, []))
    const rotated = pairs.map((pair) => grants.refresh(pair.refreshToken))
    expect(rotated.every((outcome) => outcome.ok)).toBe(true)
    grants.revokeUser('user-5000')
    const checks = rotated.map((outcome) =>
      outcome.ok ? registry.check(outcome.tokens.accessToken) : undefined,
    )
    expect(checks.filter((check) => check?.state !== 'valid')).toHaveLength(1)
    expect(checks[5000]?.state).toBe('invalid')
    expect(checks[4999]).toMatchObject({ state: 'valid', userId: 'user-4999' })
  })
})
