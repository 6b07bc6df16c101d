import * as vitest from 'vitest'
import { describe, expect, it } from 'vitest'
import {
  axiosDriver,
  describeAdapterContract,
  fetchDriver,
  gotDriver,
  kyDriver,
  type AdapterDriver,
} from '../contracts.js'

const zoomAuth = () => undefined
const driver = fetchDriver({ zoomAuth })
const typeError = (code: string) =>
  expect.objectContaining({
    name: 'TypeError',
    code,
    message: expect.stringMatching(/^zoom-auth\/testing: /),
  })

// Only bad arguments here: good ones would register specs from inside a spec.
describe('describeAdapterContract arguments', () => {
  it.each([
    ['no test framework', undefined],
    ['a framework without beforeEach', { ...vitest, beforeEach: undefined }],
    ['a driver in place of the test framework', driver],
  ])('throws ERR_INVALID_ARG_TYPE for %s', (_, test) => {
    expect(() => describeAdapterContract(test as never, driver)).toThrow(
      typeError('ERR_INVALID_ARG_TYPE'),
    )
  })

  it.each<[string, unknown, string]>([
    ['no driver', undefined, 'ERR_INVALID_ARG_TYPE'],
    ['a driver without client()', { ...driver, client: undefined }, 'ERR_INVALID_ARG_TYPE'],
    ['a driver without a name', { ...driver, name: ' ' }, 'ERR_INVALID_ARG_VALUE'],
    [
      'a driver that declares no replay for web streams',
      { ...driver, replays: { ...driver.replays, 'web-stream': undefined } },
      'ERR_INVALID_ARG_VALUE',
    ],
  ])('throws %s at once', (_, bad, code) => {
    expect(() => describeAdapterContract(vitest, bad as AdapterDriver)).toThrow(typeError(code))
  })

  it.each<[string, unknown, string]>([
    ['options that are not an object', 'fast', 'ERR_INVALID_ARG_TYPE'],
    ['a concurrency that is not a number', { concurrency: '10' }, 'ERR_INVALID_ARG_TYPE'],
    ['a concurrency of 1', { concurrency: 1 }, 'ERR_INVALID_ARG_VALUE'],
    ['a fractional concurrency', { concurrency: 2.5 }, 'ERR_INVALID_ARG_VALUE'],
  ])('throws %s at once', (_, options, code) => {
    expect(() => describeAdapterContract(vitest, driver, options as never)).toThrow(typeError(code))
  })
})

describe('driver factories', () => {
  it.each<[string, () => unknown]>([
    ['axiosDriver without parts', () => axiosDriver(undefined as never)],
    ['axiosDriver without axios', () => axiosDriver({ zoomAuth } as never)],
    ['kyDriver without zoomAuth', () => kyDriver({ ky: { create: () => undefined } } as never)],
    [
      'gotDriver with ky where got belongs',
      () => gotDriver({ got: { create() {} }, zoomAuth } as never),
    ],
    [
      'fetchDriver with a fetch that is not a function',
      () => fetchDriver({ zoomAuth, fetch: 'fetch' }),
    ],
  ])('%s throws ERR_INVALID_ARG_TYPE', (_, build) => {
    expect(build).toThrow(typeError('ERR_INVALID_ARG_TYPE'))
  })

  it.each<[string, unknown]>([
    ['an unknown body kind', { 'array-buffer': 'identical' }],
    ['an outcome without a reason', { blob: { outcome: 'not-replayed' } }],
    ['an empty reason', { blob: { outcome: 'not-replayed', reason: ' ' } }],
    ['an unknown outcome', { blob: { outcome: 'copied', reason: 'why' } }],
  ])('refuses a replay declaration with %s (ERR_INVALID_ARG_VALUE)', (_, replays) => {
    expect(() => fetchDriver({ zoomAuth, replays: replays as never })).toThrow(
      typeError('ERR_INVALID_ARG_VALUE'),
    )
  })

  it('declares every body kind, identical unless a cell is overridden', () => {
    const reason = 'this client sends a FormData once'
    const overridden = fetchDriver({
      zoomAuth,
      name: 'my fetch',
      replays: { 'form-data': { outcome: 'not-replayed', reason } },
    })
    expect(overridden.name).toBe('my fetch')
    expect(overridden.replays).toEqual({
      json: 'identical',
      string: 'identical',
      'url-search-params': 'identical',
      bytes: 'identical',
      blob: 'identical',
      'form-data': { outcome: 'not-replayed', reason },
      'web-stream': 'identical',
      'node-stream': 'identical',
    })
  })
})
