import { describe, expect, it } from 'vitest'
import * as adapter from '../adapter.js'
import {
  MAX_TIMER_MS,
  assertBoolean,
  assertFunction,
  assertOptionalFunction,
  assertOptionsObject,
  countOf,
  durationMs,
  invalidArgType,
  invalidArgValue,
  isLoopbackHostname,
  requireSecureUrl,
  requireString,
} from '../assert.js'
import { accountCredentials } from '../strategies/account-credentials.js'
import { clientCredentials } from '../strategies/client-credentials.js'
import { createTokenProvider } from '../token-provider.js'
import { zoomTokenProvider } from '../zoom-token-provider.js'
import { scriptedStrategy } from './support/scripted-strategy.js'

const matching = (message: string | RegExp) =>
  typeof message === 'string' ? message : expect.stringMatching(message)
const wrongType = (message: string | RegExp) =>
  expect.objectContaining({
    name: 'TypeError',
    code: 'ERR_INVALID_ARG_TYPE',
    message: matching(message),
  })
const wrongValue = (message: string | RegExp) =>
  expect.objectContaining({
    name: 'TypeError',
    code: 'ERR_INVALID_ARG_VALUE',
    message: matching(message),
  })

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

describe('argument errors', () => {
  it('are TypeErrors carrying Node’s code as an own enumerable property, as Node’s own are', () => {
    const type = invalidArgType('zoom-auth: "x" must be a function')
    const value = invalidArgValue('zoom-auth: "x" must be positive')
    expect(type).toBeInstanceOf(TypeError)
    expect(type).toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'zoom-auth: "x" must be a function',
    })
    expect(value).toBeInstanceOf(TypeError)
    expect(value).toMatchObject({
      code: 'ERR_INVALID_ARG_VALUE',
      message: 'zoom-auth: "x" must be positive',
    })
    expect(Object.keys(type)).toEqual(['code'])
  })

  it('are offered to adapter and store authors on @zoom-auth/core/adapter, with the timer limit', () => {
    expect(adapter).toMatchObject({
      ERR_INVALID_ARG_TYPE: 'ERR_INVALID_ARG_TYPE',
      ERR_INVALID_ARG_VALUE: 'ERR_INVALID_ARG_VALUE',
      MAX_TIMER_MS: 2 ** 31 - 1,
      assertBoolean,
      assertFunction,
      assertOptionalFunction,
      assertOptionsObject,
      durationMs,
      invalidArgType,
      invalidArgValue,
    })
  })
})

describe('assertOptionsObject', () => {
  it.each([undefined, null, 'options', 42])('refuses %s as the wrong type', (value) => {
    expect(thrown(() => assertOptionsObject(value))).toEqual(
      wrongType('zoom-auth: options must be an object'),
    )
  })

  it('accepts an object and keeps a message of the caller’s own', () => {
    expect(() => assertOptionsObject({})).not.toThrow()
    expect(thrown(() => assertOptionsObject(null, 'my-store: options must be an object'))).toEqual(
      wrongType('my-store: options must be an object'),
    )
  })
})

describe('assertFunction, assertOptionalFunction, assertBoolean', () => {
  it('refuse a value of the wrong type, naming the option and the package', () => {
    expect(thrown(() => assertFunction('log', 'onError', 'zoom-auth/redis'))).toEqual(
      wrongType('zoom-auth/redis: "onError" must be a function'),
    )
    expect(thrown(() => assertOptionalFunction(1, 'now'))).toEqual(
      wrongType('zoom-auth: "now" must be a function'),
    )
    expect(thrown(() => assertBoolean('yes', 'retryOnUnauthorized'))).toEqual(
      wrongType('zoom-auth: "retryOnUnauthorized" must be a boolean'),
    )
  })

  it('let a left-out optional option through', () => {
    expect(() => assertOptionalFunction(undefined, 'now')).not.toThrow()
    expect(() => assertBoolean(undefined, 'retryOnUnauthorized')).not.toThrow()
    expect(() => assertBoolean(false, 'retryOnUnauthorized')).not.toThrow()
    expect(() => assertFunction(() => {}, 'fetch')).not.toThrow()
  })
})

describe('durationMs', () => {
  it('answers the fallback for a left-out option and the value within range', () => {
    expect(durationMs(undefined, 250, 'retry.baseDelayMs')).toBe(250)
    expect(durationMs(0, 250, 'retry.baseDelayMs')).toBe(0)
    expect(durationMs(MAX_TIMER_MS, 1, 'timeoutMs', 1)).toBe(MAX_TIMER_MS)
  })

  it.each([
    ['below the minimum', 0, 1],
    ['negative', -1, 0],
    ['NaN', Number.NaN, 0],
    // Node fires a longer timer after 1 ms.
    ['beyond what a timer can wait', 2 ** 31, 0],
    ['infinite', Number.POSITIVE_INFINITY, 0],
  ])('refuses a number %s as a bad value', (_, value, minimum) => {
    expect(thrown(() => durationMs(value, 1, 'timeoutMs', minimum))).toEqual(
      wrongValue(`zoom-auth: "timeoutMs" must be a number of ms from ${minimum} to 2^31 - 1`),
    )
  })

  it('refuses a non-number as the wrong type, in the caller’s package name', () => {
    expect(thrown(() => durationMs('50', 1, 'pollIntervalMs', 1, 'zoom-auth/redis'))).toEqual(
      wrongType('zoom-auth/redis: "pollIntervalMs" must be a number of ms from 1 to 2^31 - 1'),
    )
  })
})

describe('countOf', () => {
  it('answers the fallback or an integer ≥ 0', () => {
    expect(countOf(undefined, 3, 'retry.limit')).toBe(3)
    expect(countOf(0, 3, 'retry.limit')).toBe(0)
  })

  it('refuses a fraction or a negative as a bad value, a string as the wrong type', () => {
    expect(thrown(() => countOf(1.5, 3, 'retry.limit'))).toEqual(
      wrongValue('zoom-auth: "retry.limit" must be an integer ≥ 0'),
    )
    expect(thrown(() => countOf(-1, 3, 'retry.limit'))).toEqual(
      wrongValue('zoom-auth: "retry.limit" must be an integer ≥ 0'),
    )
    expect(thrown(() => countOf('3', 3, 'retry.limit'))).toEqual(
      wrongType('zoom-auth: "retry.limit" must be an integer ≥ 0'),
    )
  })
})

describe('requireString and requireSecureUrl', () => {
  it('tell a missing string (wrong type) from a blank one (bad value)', () => {
    expect(thrown(() => requireString(undefined, 'clientId'))).toEqual(
      wrongType('zoom-auth: "clientId" must be a non-empty string'),
    )
    expect(thrown(() => requireString('  ', 'clientId'))).toEqual(
      wrongValue('zoom-auth: "clientId" must be a non-empty string'),
    )
    expect(requireString('id', 'clientId')).toBe('id')
  })

  it('refuse a relative URL and plain http off loopback as bad values', () => {
    expect(thrown(() => requireSecureUrl('/oauth/token', 'tokenUrl'))).toEqual(
      wrongValue('zoom-auth: "tokenUrl" must be an absolute URL'),
    )
    expect(thrown(() => requireSecureUrl('http://zoom.us', 'tokenUrl'))).toEqual(
      wrongValue('zoom-auth: "tokenUrl" must use https (plain http only on loopback)'),
    )
    expect(requireSecureUrl('http://127.0.0.1:8080/token', 'tokenUrl').host).toBe('127.0.0.1:8080')
    expect(isLoopbackHostname('[::1]')).toBe(true)
    expect(isLoopbackHostname('zoom.us')).toBe(false)
  })
})

describe('the checks of core’s own constructors carry the code', () => {
  const credentials = { accountId: 'acc', clientId: 'id', clientSecret: 'shh' }

  it('for options of the wrong type', () => {
    const { strategy } = scriptedStrategy()
    expect(thrown(() => createTokenProvider(strategy, null as never))).toEqual(
      wrongType('zoom-auth: options must be an object'),
    )
    expect(thrown(() => createTokenProvider(undefined as never))).toEqual(
      wrongType(/createTokenProvider needs a strategy/),
    )
    expect(thrown(() => createTokenProvider(strategy, { onEvent: 'log' as never }))).toEqual(
      wrongType('zoom-auth: "onEvent" must be a function'),
    )
    expect(thrown(() => createTokenProvider(strategy, { retry: 3 as never }))).toEqual(
      wrongType(/"retry" must be an object/),
    )
    expect(thrown(() => createTokenProvider(strategy, { store: null as never }))).toEqual(
      wrongType(/"store" must implement get, set and delete/),
    )
    expect(thrown(() => zoomTokenProvider(null as never))).toEqual(
      wrongType(/zoomTokenProvider needs/),
    )
    expect(thrown(() => accountCredentials(null as never))).toEqual(wrongType(/are required/))
    expect(thrown(() => clientCredentials(null as never))).toEqual(
      wrongType(/clientCredentials needs/),
    )
  })

  it('for options of the right type and a bad value', () => {
    const { strategy } = scriptedStrategy()
    expect(thrown(() => createTokenProvider(strategy, { timeoutMs: 0 }))).toEqual(
      wrongValue('zoom-auth: "timeoutMs" must be a number of ms from 1 to 2^31 - 1'),
    )
    expect(thrown(() => createTokenProvider({ ...strategy, id: '' }))).toEqual(
      wrongValue(/createTokenProvider needs a strategy/),
    )
    expect(thrown(() => accountCredentials({ ...credentials, accountId: '' }))).toEqual(
      wrongValue('zoom-auth: "accountId" must be a non-empty string'),
    )
    const tokenUrl = 'https://auth.example.com/token'
    expect(
      thrown(() =>
        clientCredentials({
          tokenUrl,
          clientId: 'id',
          clientSecret: 'shh',
          authMethod: 'jwt' as never,
        }),
      ),
    ).toEqual(wrongValue('zoom-auth: "authMethod" must be "basic" or "body"'))
  })
})
