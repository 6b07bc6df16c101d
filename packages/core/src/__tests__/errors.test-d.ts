import { describe, expectTypeOf, it } from 'vitest'
import { ZoomAuthError, isZoomAuthError, type ZoomAuthErrorCode } from '../index.js'

/**
 * The codes of the public contract (DESIGN.md): its ten, and `reauthorization_required` for
 * user-level OAuth (DESIGN.md, "Strategies beyond S2S"). Adding or removing one is a breaking change.
 */
type ContractCode =
  | 'invalid_client'
  | 'invalid_request'
  | 'rate_limited'
  | 'server_error'
  | 'network_error'
  | 'timeout'
  | 'invalid_response'
  | 'aborted'
  | 'closed'
  | 'insecure_url'
  | 'reauthorization_required'

/** Compiles only when every case of a switch was handled. */
function assertNever(value: never): never {
  throw new Error(`unhandled code ${String(value)}`)
}

describe('ZoomAuthErrorCode', () => {
  it('is exactly the codes of the public contract', () => {
    expectTypeOf<ZoomAuthErrorCode>().toEqualTypeOf<ContractCode>()
  })

  it('is the type of ZoomAuthError#code', () => {
    expectTypeOf<ZoomAuthError['code']>().toEqualTypeOf<ZoomAuthErrorCode>()
  })

  it('rejects a code outside the contract', () => {
    // @ts-expect-error not a ZoomAuthErrorCode
    new ZoomAuthError('unauthorized', 'no such code')
    // @ts-expect-error codes are lower snake case
    new ZoomAuthError('RATE_LIMITED', 'no such code')
  })
})

describe('switch (error.code)', () => {
  it('narrows the code in every case and leaves never after all ten', () => {
    function describeFailure(error: ZoomAuthError): string {
      switch (error.code) {
        case 'invalid_client':
          expectTypeOf(error.code).toEqualTypeOf<'invalid_client'>()
          return 'check the credentials'
        case 'invalid_request':
          expectTypeOf(error.code).toEqualTypeOf<'invalid_request'>()
          return 'check the account id'
        case 'rate_limited':
          expectTypeOf(error.code).toEqualTypeOf<'rate_limited'>()
          return `retry in ${error.retryAfterMs ?? 0} ms`
        case 'server_error':
        case 'network_error':
        case 'timeout':
          expectTypeOf(error.code).toEqualTypeOf<'server_error' | 'network_error' | 'timeout'>()
          return 'transient'
        case 'invalid_response':
          expectTypeOf(error.code).toEqualTypeOf<'invalid_response'>()
          return 'proxy or server problem'
        case 'aborted':
        case 'closed':
          expectTypeOf(error.code).toEqualTypeOf<'aborted' | 'closed'>()
          return 'stopped by the caller'
        case 'insecure_url':
          expectTypeOf(error.code).toEqualTypeOf<'insecure_url'>()
          return 'use https'
        case 'reauthorization_required':
          expectTypeOf(error.code).toEqualTypeOf<'reauthorization_required'>()
          return 'send the user through the install URL again'
        default:
          expectTypeOf(error.code).toBeNever()
          return assertNever(error.code)
      }
    }
    expectTypeOf(describeFailure).returns.toBeString()
  })

  it('reports a missing case as an error', () => {
    function incomplete(error: ZoomAuthError): string {
      switch (error.code) {
        case 'invalid_client':
        case 'invalid_request':
        case 'rate_limited':
        case 'server_error':
        case 'network_error':
        case 'timeout':
        case 'invalid_response':
        case 'aborted':
        case 'closed':
        case 'reauthorization_required':
          return 'handled'
        default:
          // @ts-expect-error 'insecure_url' is not handled, so the code is not never here
          return assertNever(error.code)
      }
    }
    expectTypeOf(incomplete).parameter(0).toEqualTypeOf<ZoomAuthError>()
  })

  it('narrows an unknown catch value with isZoomAuthError first', () => {
    const caught: unknown = new ZoomAuthError('timeout', 'token endpoint timed out')
    if (isZoomAuthError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<ZoomAuthError>()
      expectTypeOf(caught.code).toEqualTypeOf<ZoomAuthErrorCode>()
      if (caught.code === 'rate_limited') {
        expectTypeOf(caught.retryAfterMs).toEqualTypeOf<number | undefined>()
      }
    }
  })

  it('keeps the optional details typed', () => {
    expectTypeOf<ZoomAuthError['status']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<ZoomAuthError['error']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<ZoomAuthError['reason']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<ZoomAuthError['attempts']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<ZoomAuthError['retryAfterMs']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<ZoomAuthError['name']>().toEqualTypeOf<'ZoomAuthError'>()
  })
})
