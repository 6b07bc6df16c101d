import type { UserTokenStore } from '@zoom-auth/core'
import type { ContractTestApi } from '../token-store-contract/contract-test-api.js'
import { specRegistrar } from '../token-store-contract/store-spec-context.js'
import type { StoreSuiteContext } from '../token-store-contract/store-suite.js'
import { contractGrant, fullContractGrant } from './contract-grant.js'

/** The optional fields of a grant: a store never invents one. */
const OPTIONAL_FIELDS = ['apiUrl', 'userId', 'accountId', 'dead', 'refreshStartedAt'] as const

/**
 * Registers the specs of `get`, `put` and `delete`: a round trip keeps every field of a grant
 * and invents none, a grant never expires in the store (its refresh token outlives the access
 * token), `put` replaces the whole grant, the store keeps copies, and keys are kept apart.
 *
 * @example
 * ```ts
 * describeUserGrantSpecs(test, context)
 * ```
 */
export function describeUserGrantSpecs(
  test: ContractTestApi,
  context: StoreSuiteContext<UserTokenStore>,
): void {
  const { describe, expect } = test
  const spec = specRegistrar(test, context)

  describe('get and put', () => {
    spec('returns undefined when nothing is stored', async () => {
      expect(await context.store.get(context.key)).toBeUndefined()
      expect(await context.peer.get(context.key)).toBeUndefined()
    })

    spec('returns the stored grant with every field, also to another process', async () => {
      const { store, peer, key } = context
      const grant = fullContractGrant({ dead: { at: Date.now(), reason: 'invalid_grant' } })
      await store.put(key, grant)
      expect(await peer.get(key)).toEqual(grant)
      expect(await store.get(key)).toEqual(grant)
    })

    spec('keeps both reasons a grant dies for', async () => {
      const { store, peer, key } = context
      for (const reason of ['invalid_grant', 'answer_lost'] as const) {
        const grant = contractGrant({ dead: { at: Date.now(), reason } })
        await store.put(key, grant)
        expect(await peer.get(key)).toEqual(grant)
      }
    })

    spec('keeps a grant with only the required fields without inventing the others', async () => {
      const grant = contractGrant()
      await context.store.put(context.key, grant)
      const stored = await context.peer.get(context.key)
      expect(stored).toEqual(grant)
      for (const field of OPTIONAL_FIELDS) expect(stored).not.toHaveProperty(field)
    })

    spec('keeps an empty scope list, and the scopes in their order', async () => {
      const { store, peer, key, otherKey } = context
      const none = contractGrant({ scopes: [] })
      const many = contractGrant({ scopes: ['meeting:write', 'user:read', 'recording:read'] })
      await store.put(key, none)
      await store.put(otherKey, many)
      expect(await peer.get(key)).toEqual(none)
      expect(await peer.get(otherKey)).toEqual(many)
    })

    spec(
      'keeps a grant whose access token expired long ago: its refresh token renews it',
      async () => {
        const { store, peer, key } = context
        const expiresAt = Date.now() - 86_400_000
        const grant = contractGrant({ issuedAt: expiresAt - 3_600_000, expiresAt })
        await store.put(key, grant)
        expect(await peer.get(key)).toEqual(grant)
      },
    )

    spec(
      'replaces the whole grant: fields the new one lacks are gone (a new install)',
      async () => {
        const { store, peer, key } = context
        await store.put(key, fullContractGrant())
        const reinstalled = contractGrant()
        await peer.put(key, reinstalled)
        const stored = await store.get(key)
        expect(stored).toEqual(reinstalled)
        for (const field of OPTIONAL_FIELDS) expect(stored).not.toHaveProperty(field)
      },
    )

    spec('keeps copies: changing an object given or returned never changes the store', async () => {
      const { store, key } = context
      const grant = fullContractGrant()
      const original = structuredClone(grant)
      await store.put(key, grant)
      grant.scopes.push('changed:after-put')
      grant.dead!.at = 0
      grant.accessToken = 'changed-after-put'
      expect(await store.get(key)).toEqual(original)
      const returned = (await store.get(key))!
      returned.scopes.push('changed:after-get')
      returned.dead!.reason = 'invalid_grant'
      returned.refreshToken = 'changed-after-get'
      expect(await store.get(key)).toEqual(original)
    })
  })

  describe('delete', () => {
    spec('forgets the grant, for every process', async () => {
      const { store, peer, key } = context
      await store.put(key, contractGrant())
      await peer.delete(key)
      expect(await store.get(key)).toBeUndefined()
      expect(await peer.get(key)).toBeUndefined()
    })

    spec('is a no-op when nothing is stored', async () => {
      await expect(context.store.delete(context.key)).resolves.toBeUndefined()
      expect(await context.store.get(context.key)).toBeUndefined()
    })

    spec('lets the user install again afterwards', async () => {
      const { store, peer, key } = context
      await store.put(key, contractGrant())
      await store.delete(key)
      const again = contractGrant()
      await peer.put(key, again)
      expect(await store.get(key)).toEqual(again)
    })
  })

  describe('keys', () => {
    spec(
      'keeps a grant per key: put, replace and delete under one never touch another',
      async () => {
        const { store, peer, key, otherKey } = context
        const a = contractGrant()
        const b = contractGrant()
        await store.put(key, a)
        await store.put(otherKey, b)
        expect(await peer.get(key)).toEqual(a)
        expect(await peer.get(otherKey)).toEqual(b)
        // The other key's refresh token does not open this key's grant.
        expect(await peer.replace(key, b.refreshToken, contractGrant())).toBe(false)
        expect(await peer.replace(key, a.refreshToken, contractGrant())).toBe(true)
        await peer.put(key, contractGrant())
        await peer.delete(key)
        expect(await store.get(key)).toBeUndefined()
        expect(await store.get(otherKey)).toEqual(b)
      },
    )

    spec(
      'takes keys as given: keys that differ only in case or by a suffix are distinct',
      async () => {
        const { store, peer, key } = context
        const lower = contractGrant()
        const upper = contractGrant()
        const longer = contractGrant()
        await store.put(`${key}:user`, lower)
        await store.put(`${key}:USER`, upper)
        await store.put(`${key}:user:2`, longer)
        expect(await peer.get(`${key}:user`)).toEqual(lower)
        expect(await peer.get(`${key}:USER`)).toEqual(upper)
        expect(await peer.get(`${key}:user:2`)).toEqual(longer)
        for (const suffix of [':user', ':USER', ':user:2']) await store.delete(`${key}${suffix}`)
      },
    )
  })
}
