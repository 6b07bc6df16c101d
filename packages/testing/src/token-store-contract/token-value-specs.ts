import type { ContractTestApi } from './contract-test-api.js'
import {
  contractToken,
  pollUntil,
  specRegistrar,
  type StoreSpecContext,
} from './store-spec-context.js'

/**
 * Registers the specs of `get`, `set` and `delete`, which every store has: a round trip keeps
 * every field, the token that expires later wins, an expired token is never stored nor returned,
 * `delete` compares before it deletes, and keys are kept apart.
 *
 * @example
 * ```ts
 * test.describe('get, set and delete', () => describeTokenValueSpecs(test, context))
 * ```
 */
export function describeTokenValueSpecs(test: ContractTestApi, context: StoreSpecContext): void {
  const { describe, expect } = test
  const spec = specRegistrar(test, context)

  describe('get and set', () => {
    spec('returns undefined when nothing is stored', async () => {
      expect(await context.store.get(context.key)).toBeUndefined()
    })

    spec('returns the stored token with every field, also to another process', async () => {
      const { store, peer, key } = context
      const token = contractToken(3_600_000, {
        issuedAt: Date.now(),
        scopes: ['user:read:admin', 'meeting:write:admin'],
      })
      await store.set(key, token)
      expect(await peer.get(key)).toEqual(token)
      expect(await store.get(key)).toEqual(token)
    })

    spec('keeps a token without apiUrl without inventing one', async () => {
      const { apiUrl: _apiUrl, ...token } = contractToken()
      await context.store.set(context.key, token)
      const stored = await context.peer.get(context.key)
      expect(stored).toEqual(token)
      expect(stored).not.toHaveProperty('apiUrl')
    })

    spec('keeps an empty scope list', async () => {
      const token = contractToken(3_600_000, { scopes: [] })
      await context.store.set(context.key, token)
      expect(await context.peer.get(context.key)).toEqual(token)
    })

    spec('keeps when the token was issued, so another process knows its whole lifetime', async () => {
      const { store, peer, key } = context
      const token = contractToken(3_600_000, { issuedAt: Date.now() })
      await store.set(key, token)
      expect(await peer.get(key)).toEqual(token)
      // A token stored without it (by an earlier version) comes back without it.
      const { issuedAt: _issuedAt, ...older } = contractToken()
      await store.set(key, { ...older, expiresAt: older.expiresAt + 1 })
      expect(await peer.get(key)).not.toHaveProperty('issuedAt')
    })

    spec('forgets a token at its expiry: never returns one whose expiresAt has passed', async () => {
      const { store, peer, key, shortTtlMs, patienceMs } = context
      const token = contractToken(shortTtlMs)
      await store.set(key, token)
      expect(await peer.get(key)).toMatchObject({ accessToken: token.accessToken })
      await pollUntil(
        async () => (Date.now() > token.expiresAt ? true : undefined),
        patienceMs,
        'the token to expire',
      )
      expect(await store.get(key)).toBeUndefined()
      expect(await peer.get(key)).toBeUndefined()
    })

    spec('does not store a token that has already expired, or has less than a ms left', async () => {
      const { store, peer, key } = context
      await store.set(key, contractToken(-1_000))
      await store.set(key, contractToken(0))
      await store.set(key, contractToken(0.5))
      expect(await store.get(key)).toBeUndefined()
      expect(await peer.get(key)).toBeUndefined()
    })
  })

  describe('the token that expires later wins (a late writer never does)', () => {
    spec('replaces the stored token with one that expires later', async () => {
      await context.store.set(context.key, contractToken(60_000))
      const newer = contractToken(3_600_000)
      await context.peer.set(context.key, newer)
      expect(await context.store.get(context.key)).toEqual(newer)
    })

    spec('never replaces a stored token with one that expires sooner (a late writer loses)', async () => {
      const { store, peer, key } = context
      const newer = contractToken(3_600_000)
      await store.set(key, newer)
      await peer.set(key, contractToken(60_000))
      await store.set(key, contractToken(1_800_000))
      expect(await store.get(key)).toEqual(newer)
      expect(await peer.get(key)).toEqual(newer)
    })

    spec('gives a tie to the new token', async () => {
      const { store, peer, key } = context
      const expiresAt = Date.now() + 3_600_000
      await store.set(key, contractToken(0, { expiresAt }))
      const sameExpiry = contractToken(0, { expiresAt })
      await peer.set(key, sameExpiry)
      expect(await store.get(key)).toEqual(sameExpiry)
    })

    spec('stores a new token once the stored one has expired', async () => {
      const { store, peer, key, shortTtlMs, patienceMs } = context
      await store.set(key, contractToken(shortTtlMs))
      await pollUntil(
        async () => ((await store.get(key)) === undefined ? true : undefined),
        patienceMs,
        'the stored token to expire',
      )
      const next = contractToken(1_000)
      await peer.set(key, next)
      expect(await store.get(key)).toEqual(next)
    })
  })

  describe('delete (compare-and-delete)', () => {
    spec('deletes the stored token when it is the one named', async () => {
      const token = contractToken()
      await context.store.set(context.key, token)
      await context.peer.delete(context.key, token.accessToken)
      expect(await context.store.get(context.key)).toBeUndefined()
    })

    spec('keeps the stored token when another one is named', async () => {
      const { store, key } = context
      const current = contractToken()
      await store.set(key, current)
      await store.delete(key, 'eyJ.some-other-token')
      expect(await store.get(key)).toEqual(current)
      await store.delete(key, current.accessToken)
      expect(await store.get(key)).toBeUndefined()
    })

    spec('keeps a newer token when an older one is named (a late 401)', async () => {
      const { store, peer, key } = context
      const old = contractToken()
      const current = contractToken(7_200_000)
      await store.set(key, old)
      await store.set(key, current)
      await peer.delete(key, old.accessToken)
      expect(await store.get(key)).toEqual(current)
    })

    spec('is a no-op when nothing is stored', async () => {
      await expect(context.store.delete(context.key, 'eyJ.nothing')).resolves.toBeUndefined()
      expect(await context.store.get(context.key)).toBeUndefined()
    })
  })

  describe('keys', () => {
    spec('keeps separate tokens per key', async () => {
      const { store, peer, key, otherKey } = context
      const a = contractToken()
      const b = contractToken()
      await store.set(key, a)
      await store.set(otherKey, b)
      expect((await peer.get(key))?.accessToken).toBe(a.accessToken)
      expect((await peer.get(otherKey))?.accessToken).toBe(b.accessToken)
      // Neither a delete nor a later-expiring token under one key touches the other.
      await peer.delete(key, a.accessToken)
      await peer.set(key, contractToken(7_200_000))
      expect((await store.get(otherKey))?.accessToken).toBe(b.accessToken)
    })
  })
}
