import type { UserTokenStore } from '@zoom-auth/core'
import type { ContractTestApi } from '../token-store-contract/contract-test-api.js'
import { specRegistrar } from '../token-store-contract/store-spec-context.js'
import type { StoreSuiteContext } from '../token-store-contract/store-suite.js'
import { contractGrant, fullContractGrant } from './contract-grant.js'

/** Concurrent compare-and-sets in the race spec, half from each process. */
const RACERS = 20

/**
 * Registers the specs of `replace`, the compare-and-set every rotation goes through: it writes
 * `next` only while the stored refresh token is the expected one, answers whether it did, leaves
 * the stored grant untouched when it didn't, and lets exactly one of many racing processes win.
 *
 * @example
 * ```ts
 * test.describe('replace (compare-and-set)', () => describeReplaceSpecs(test, context))
 * ```
 */
export function describeReplaceSpecs(
  test: ContractTestApi,
  context: StoreSuiteContext<UserTokenStore>,
): void {
  const { expect } = test
  const spec = specRegistrar(test, context)

  spec(
    'stores next and answers true when the stored refresh token is the expected one',
    async () => {
      const { store, peer, key } = context
      const current = contractGrant()
      await store.put(key, current)
      const next = fullContractGrant()
      expect(await peer.replace(key, current.refreshToken, next)).toBe(true)
      expect(await store.get(key)).toEqual(next)
      expect(await peer.get(key)).toEqual(next)
    },
  )

  spec(
    'answers false and leaves the stored grant untouched when another write came first',
    async () => {
      const { store, peer, key } = context
      const current = contractGrant()
      await store.put(key, current)
      // Two processes read `current`; one rotates first, the other's compare-and-set must fail.
      const winner = contractGrant()
      expect(await store.replace(key, current.refreshToken, winner)).toBe(true)
      expect(await peer.replace(key, current.refreshToken, contractGrant())).toBe(false)
      expect(await peer.get(key)).toEqual(winner)
      expect(await store.get(key)).toEqual(winner)
    },
  )

  spec('answers false and stores nothing when no grant is stored', async () => {
    const { store, peer, key } = context
    expect(await store.replace(key, 'eyJ.refresh.never-stored', contractGrant())).toBe(false)
    expect(await peer.get(key)).toBeUndefined()
    // Not after a delete either: a rotation finishing after the user was forgotten brings nothing back.
    const current = contractGrant()
    await store.put(key, current)
    await peer.delete(key)
    expect(await store.replace(key, current.refreshToken, contractGrant())).toBe(false)
    expect(await peer.get(key)).toBeUndefined()
  })

  spec(
    'compares the whole refresh token: a prefix, a longer token or the access token never match',
    async () => {
      const { store, peer, key } = context
      const current = contractGrant()
      await store.put(key, current)
      const { refreshToken, accessToken } = current
      for (const wrong of [
        refreshToken.slice(0, -1),
        `${refreshToken}x`,
        refreshToken.toUpperCase(),
        accessToken,
        '',
      ]) {
        expect(await peer.replace(key, wrong, contractGrant())).toBe(false)
      }
      expect(await store.get(key)).toEqual(current)
    },
  )

  spec(
    'compares only the refresh token: a grant marked under the same token is replaced again',
    async () => {
      const { store, peer, key } = context
      const current = contractGrant()
      await store.put(key, current)
      // What a refresh does: mark the grant, then unmark it (or mark it dead), same refresh token.
      const marked = { ...current, refreshStartedAt: Date.now() }
      expect(await store.replace(key, current.refreshToken, marked)).toBe(true)
      expect(await peer.get(key)).toEqual(marked)
      expect(await peer.replace(key, current.refreshToken, current)).toBe(true)
      const dead = { ...current, dead: { at: Date.now(), reason: 'answer_lost' as const } }
      expect(await peer.replace(key, current.refreshToken, dead)).toBe(true)
      expect(await store.get(key)).toEqual(dead)
    },
  )

  spec('writes next whole: fields it lacks are gone (the refresh mark is cleared)', async () => {
    const { store, peer, key } = context
    const marked = fullContractGrant()
    await store.put(key, marked)
    const rotated = contractGrant()
    expect(await peer.replace(key, marked.refreshToken, rotated)).toBe(true)
    const stored = await store.get(key)
    expect(stored).toEqual(rotated)
    for (const field of ['apiUrl', 'userId', 'accountId', 'dead', 'refreshStartedAt'])
      expect(stored).not.toHaveProperty(field)
  })

  spec('follows a chain of rotations: only the newest refresh token matches', async () => {
    const { store, peer, key } = context
    const first = contractGrant()
    const second = contractGrant()
    const third = contractGrant()
    await store.put(key, first)
    expect(await peer.replace(key, first.refreshToken, second)).toBe(true)
    expect(await store.replace(key, second.refreshToken, third)).toBe(true)
    for (const old of [first, second])
      expect(await peer.replace(key, old.refreshToken, contractGrant())).toBe(false)
    expect(await peer.get(key)).toEqual(third)
  })

  spec('keeps its own copy of next: changing it afterwards never changes the store', async () => {
    const { store, key } = context
    const current = contractGrant()
    await store.put(key, current)
    const next = contractGrant()
    const original = structuredClone(next)
    expect(await store.replace(key, current.refreshToken, next)).toBe(true)
    next.scopes.push('changed:after-replace')
    next.refreshToken = 'changed-after-replace'
    expect(await store.get(key)).toEqual(original)
  })

  spec(`lets exactly one of ${RACERS} concurrent replaces from two processes win`, async () => {
    const { store, peer, key } = context
    const current = contractGrant()
    await store.put(key, current)
    const nexts = Array.from({ length: RACERS }, () => contractGrant())
    const results = await Promise.all(
      nexts.map((next, i) => (i % 2 ? store : peer).replace(key, current.refreshToken, next)),
    )
    expect(results.filter((won) => won)).toHaveLength(1)
    expect(results.filter((won) => won !== false && won !== true)).toHaveLength(0)
    const winner = nexts[results.indexOf(true)]
    expect(await store.get(key)).toEqual(winner)
    expect(await peer.get(key)).toEqual(winner)
  })
}
