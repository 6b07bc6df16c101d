import { describe, expectTypeOf, it } from 'vitest'
import {
  startZoomEmulator,
  type EmulatorFault,
  type EmulatorStats,
  type ZoomEmulator,
  type ZoomEmulatorOptions,
  type ZoomEmulatorUser,
} from '../index.js'

// Other packages build on exactly these signatures; a change here is a breaking change.
describe('public API', () => {
  it('startZoomEmulator(options?) resolves to a ZoomEmulator', () => {
    expectTypeOf(startZoomEmulator).toEqualTypeOf<
      (options?: ZoomEmulatorOptions) => Promise<ZoomEmulator>
    >()
  })

  it('ZoomEmulator has the agreed members', () => {
    expectTypeOf<ZoomEmulator['url']>().toEqualTypeOf<string>()
    expectTypeOf<ZoomEmulator['host']>().toEqualTypeOf<string>()
    expectTypeOf<ZoomEmulator['credentials']>().toEqualTypeOf<{
      accountId: string
      clientId: string
      clientSecret: string
    }>()
    expectTypeOf<ZoomEmulator['stats']>().toEqualTypeOf<EmulatorStats>()
    expectTypeOf<ZoomEmulator['revokeTokens']>().toEqualTypeOf<() => void>()
    expectTypeOf<ZoomEmulator['expireTokens']>().toEqualTypeOf<() => void>()
    expectTypeOf<ZoomEmulator['failNextTokenRequests']>().toEqualTypeOf<
      (fault: EmulatorFault, count?: number) => void
    >()
    expectTypeOf<ZoomEmulator['failNextApiRequests']>().toEqualTypeOf<
      (fault: EmulatorFault, count?: number) => void
    >()
    expectTypeOf<ZoomEmulator['failNextRevokeRequests']>().toEqualTypeOf<
      (fault: EmulatorFault, count?: number) => void
    >()
    expectTypeOf<ZoomEmulator['addUser']>().toEqualTypeOf<(user: ZoomEmulatorUser) => void>()
    expectTypeOf<ZoomEmulator['removeUser']>().toEqualTypeOf<(userId: string) => void>()
    expectTypeOf<ZoomEmulator['approveAs']>().toEqualTypeOf<(userId: string) => void>()
    expectTypeOf<ZoomEmulator['denyNextAuthorization']>().toEqualTypeOf<() => void>()
    expectTypeOf<ZoomEmulator['revokeUserTokens']>().toEqualTypeOf<(userId: string) => void>()
    expectTypeOf<ZoomEmulator['expireUserTokens']>().toEqualTypeOf<(userId: string) => void>()
    expectTypeOf<ZoomEmulator['setTokenTtl']>().toEqualTypeOf<(seconds: number) => void>()
    expectTypeOf<ZoomEmulator['resetStats']>().toEqualTypeOf<() => void>()
    expectTypeOf<ZoomEmulator['close']>().toEqualTypeOf<() => Promise<void>>()
  })

  it('EmulatorStats has the agreed fields', () => {
    expectTypeOf<EmulatorStats>().toEqualTypeOf<{
      tokenRequests: number
      tokenRequestsByGrant: Record<string, number>
      tokensIssued: number
      apiRequests: number
      apiRequestsByRoute: Record<string, number>
      unauthorized: number
      requests: Array<{ method: string; path: string; status: number; token: string | undefined }>
      authorizeRequests: number
      authorizationsApproved: number
      authorizationsDenied: number
      authorizationCodeGrants: number
      refreshGrants: number
      refreshGrantsByUser: Record<string, number>
      refreshTokensPresentedTwice: number
      refreshTokensPresentedTwiceByUser: Record<string, number>
      deadRefreshTokenPresentations: number
      deadRefreshTokenPresentationsByUser: Record<string, number>
      revokeRequests: number
      revocations: number
    }>()
  })

  it('EmulatorFault and ZoomEmulatorOptions have the agreed fields', () => {
    expectTypeOf<EmulatorFault>().toEqualTypeOf<{
      status?: number
      body?: string | object
      headers?: Record<string, string>
      delayMs?: number
      reset?: boolean
      html?: boolean
      afterProcessing?: boolean
    }>()
    expectTypeOf<ZoomEmulatorOptions>().toEqualTypeOf<{
      port?: number
      accountId?: string
      clientId?: string
      clientSecret?: string
      tokenTtlSeconds?: number
      scopes?: string[]
      rateLimit?: { limit: number; windowMs?: number }
      users?: ZoomEmulatorUser[]
      redirectUris?: string[]
      authorizationCodeTtlSeconds?: number
      refreshTokenTtlSeconds?: number
    }>()
    expectTypeOf<ZoomEmulatorUser>().toEqualTypeOf<{
      id: string
      accountId?: string
      email?: string
    }>()
  })
})
