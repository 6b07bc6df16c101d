import { memoryUserTokenStore } from '@zoom-auth/core'
import * as vitest from 'vitest'
import { describeUserTokenStoreContract } from '../contracts.js'

// Run here rather than in core: core can't depend on this package (it depends on core).
describeUserTokenStoreContract(vitest, {
  name: 'memoryUserTokenStore',
  createStore: () => memoryUserTokenStore(),
})
