import { memoryUserTokenStore } from '@zoom-auth/core'
import * as vitest from 'vitest'
import { describe, expect, it } from 'vitest'
import { describeUserTokenStoreContract, type UserTokenStoreContractOptions } from '../contracts.js'

const valid: UserTokenStoreContractOptions = {
  name: 'memory',
  createStore: () => memoryUserTokenStore(),
}

// Only bad options here: good ones would register specs from inside a spec.
describe('describeUserTokenStoreContract options', () => {
  it.each([
    ['no test framework', undefined],
    ['a framework without beforeEach', { ...vitest, beforeEach: undefined }],
    ['the test framework as options', valid],
  ])('throws ERR_INVALID_ARG_TYPE for %s', (_, test) => {
    expect(() => describeUserTokenStoreContract(test as never, valid)).toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' }),
    )
  })

  it.each([
    ['options that are not an object', null, 'ERR_INVALID_ARG_TYPE'],
    ['a missing name', { ...valid, name: undefined }, 'ERR_INVALID_ARG_TYPE'],
    ['an empty name', { ...valid, name: '' }, 'ERR_INVALID_ARG_VALUE'],
    [
      'a createStore that is a store',
      { ...valid, createStore: memoryUserTokenStore() },
      'ERR_INVALID_ARG_TYPE',
    ],
    [
      'a createPeer that is not a function',
      { ...valid, createPeer: 'peer' },
      'ERR_INVALID_ARG_TYPE',
    ],
    ['a cleanup that is not a function', { ...valid, cleanup: {} }, 'ERR_INVALID_ARG_TYPE'],
    ['a shortTtlMs that is not a number', { ...valid, shortTtlMs: '100' }, 'ERR_INVALID_ARG_TYPE'],
    [
      'a shortTtlMs too short for the store to matter',
      { ...valid, shortTtlMs: 5 },
      'ERR_INVALID_ARG_VALUE',
    ],
    [
      'a shortTtlMs longer than a spec may take',
      { ...valid, shortTtlMs: 60_001 },
      'ERR_INVALID_ARG_VALUE',
    ],
  ])('throws %s at once, naming it', (_, options, code) => {
    expect(() => describeUserTokenStoreContract(vitest, options as never)).toThrow(
      expect.objectContaining({
        name: 'TypeError',
        code,
        message: expect.stringMatching(/^zoom-auth\/testing: /),
      }),
    )
  })
})
