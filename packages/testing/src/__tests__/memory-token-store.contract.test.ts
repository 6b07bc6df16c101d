import { memoryTokenStore, type TokenStore } from '@zoom-auth/core'
import * as vitest from 'vitest'
import { describeTokenStoreContract } from '../contracts.js'

// Run here rather than in core: core can't depend on this package (it depends on core).
describeTokenStoreContract(vitest, {
  name: 'memoryTokenStore',
  createStore: () => memoryTokenStore(),
  capabilities: { lock: true },
})

// The suite's other branch, on the only store at hand: the memory store without its lock.
describeTokenStoreContract(vitest, {
  name: 'memoryTokenStore without tryLock and waitForToken',
  createStore: (): TokenStore => {
    const { get, set, delete: remove } = memoryTokenStore()
    return { get, set, delete: remove }
  },
  capabilities: { lock: false },
})
