import got, { type ExtendOptions } from 'got'
import { describe, expectTypeOf, it } from 'vitest'
import {
  zoomAuth,
  zoomTokenProvider,
  zoomUsers,
  type AdapterInput,
  type AdapterOptions,
  type TokenProvider,
  type ZoomAuthExtendOptions,
} from '../index.js'

const credentials = { accountId: 'a', clientId: 'c', clientSecret: 's' }

describe('zoomAuth types', () => {
  it('takes credentials (with provider options) or a TokenProvider', () => {
    expectTypeOf(zoomAuth).parameter(0).toEqualTypeOf<AdapterInput>()
    expectTypeOf(zoomAuth(credentials)).toEqualTypeOf<ZoomAuthExtendOptions>()
    expectTypeOf(
      zoomAuth({ ...credentials, oauthBaseUrl: 'https://zoomgov.com', timeoutMs: 5_000 }),
    ).toEqualTypeOf<ZoomAuthExtendOptions>()
    const provider = zoomTokenProvider(credentials)
    expectTypeOf(provider).toExtend<TokenProvider>()
    expectTypeOf(zoomAuth(provider)).toEqualTypeOf<ZoomAuthExtendOptions>()
  })

  it('takes the adapter options', () => {
    expectTypeOf(zoomAuth).parameter(1).toEqualTypeOf<AdapterOptions | undefined>()
    expectTypeOf(zoomAuth).toBeCallableWith(credentials, {
      hosts: ['api.zoom.us', /\.zoom\.us$/],
      retryOnUnauthorized: false,
    })
  })

  it('returns options assignable to got ExtendOptions, holding a handler and hooks only', () => {
    expectTypeOf(zoomAuth(credentials)).toExtend<ExtendOptions>()
    expectTypeOf(zoomAuth(zoomTokenProvider(credentials))).toExtend<ExtendOptions>()
    expectTypeOf<keyof ZoomAuthExtendOptions>().toEqualTypeOf<'handlers' | 'hooks'>()
  })

  it('composes with got.extend and other options, in either order', () => {
    expectTypeOf(got.extend).toBeCallableWith(zoomAuth(credentials))
    expectTypeOf(got.extend).toBeCallableWith(
      { prefixUrl: 'https://api.zoom.us/v2/' },
      zoomAuth(credentials),
    )
    expectTypeOf(got.extend).toBeCallableWith(zoomAuth(credentials), { timeout: { request: 1 } })
    expectTypeOf(got.extend(zoomAuth(credentials)).extend).toBeCallableWith(
      zoomAuth(zoomTokenProvider(credentials)),
    )
  })

  it('keeps the instance’s response types (a string body by default, json when asked)', () => {
    const api = got.extend(zoomAuth(credentials))
    expectTypeOf(api('https://api.zoom.us/v2/users/me')).resolves.toHaveProperty('body')
    expectTypeOf(api('https://api.zoom.us/v2/users/me'))
      .resolves.toHaveProperty('body')
      .toEqualTypeOf<string>()
    expectTypeOf(
      api('https://api.zoom.us/v2/users/me').json<{ id: string }>(),
    ).resolves.toEqualTypeOf<{ id: string }>()
  })

  it('rejects input that is neither credentials nor a provider', () => {
    // @ts-expect-error clientSecret missing
    zoomAuth({ accountId: 'a', clientId: 'c' })
    // @ts-expect-error not an input
    zoomAuth('token')
    // @ts-expect-error hosts must be strings or RegExps
    zoomAuth(credentials, { hosts: [42] })
  })
})

describe('the users of a user-level app', () => {
  const users = zoomUsers({ clientId: 'c', clientSecret: 's' })

  it('takes the users, or one user of them', () => {
    expectTypeOf(zoomAuth(users)).toEqualTypeOf<ZoomAuthExtendOptions>()
    expectTypeOf(zoomAuth(users.forUser('u1'))).toEqualTypeOf<ZoomAuthExtendOptions>()
  })

  it("names the user in got's context, per request or as an instance default", () => {
    const api = got.extend({ context: { zoomUser: 'u1' } }, zoomAuth(users))
    expectTypeOf(api).toBeCallableWith('https://api.zoom.us/v2/users/me', {
      context: { zoomUser: 'u2' },
    })
  })
})
