import got, { type ExtendOptions, type Got } from 'got'
import { describe, expectTypeOf, it } from 'vitest'
import {
  zoomAuth,
  zoomTokenProvider,
  type AdapterInput,
  type AdapterOptions,
  type TokenProvider,
} from '../index.js'

const credentials = { accountId: 'a', clientId: 'c', clientSecret: 's' }

describe('zoomAuth types', () => {
  it('takes credentials (with provider options) or a TokenProvider, and returns got ExtendOptions', () => {
    expectTypeOf(zoomAuth(credentials)).toEqualTypeOf<ExtendOptions>()
    expectTypeOf(
      zoomAuth({ ...credentials, oauthBaseUrl: 'https://zoomgov.com', timeoutMs: 5_000 }),
    ).toEqualTypeOf<ExtendOptions>()
    const provider = zoomTokenProvider(credentials)
    expectTypeOf(provider).toExtend<TokenProvider>()
    expectTypeOf(zoomAuth(provider)).toEqualTypeOf<ExtendOptions>()
    expectTypeOf(zoomAuth).parameter(0).toEqualTypeOf<AdapterInput>()
  })

  it('takes the adapter options', () => {
    expectTypeOf(zoomAuth).parameter(1).toEqualTypeOf<AdapterOptions | undefined>()
    expectTypeOf(zoomAuth).toBeCallableWith(credentials, {
      hosts: ['api.zoom.us', /\.zoom\.us$/],
      retryOnUnauthorized: false,
    })
  })

  it('is assignable to what got.extend takes, and composes with other options', () => {
    expectTypeOf(zoomAuth(credentials)).toExtend<ExtendOptions>()
    expectTypeOf(got.extend).toBeCallableWith(zoomAuth(credentials))
    expectTypeOf(got.extend).toBeCallableWith(
      { prefixUrl: 'https://api.zoom.us/v2/' },
      zoomAuth(credentials),
    )
    expectTypeOf(got.extend(zoomAuth(credentials))).toEqualTypeOf<Got>()
    expectTypeOf(got.extend(zoomAuth(credentials)).extend).toBeCallableWith(
      zoomAuth(zoomTokenProvider(credentials)),
    )
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
