import ky, { type Options } from 'ky'
import { describe, expectTypeOf, it } from 'vitest'
import {
  zoomAuth,
  zoomTokenProvider,
  zoomUsers,
  type AdapterInput,
  type TokenProvider,
  type ZoomKyExtension,
  type ZoomKyOptions,
} from '../index.js'

const credentials = { accountId: 'a', clientId: 'b', clientSecret: 'c' }

describe('zoomAuth types', () => {
  it('accepts credentials, with or without provider options', () => {
    expectTypeOf(zoomAuth).toBeCallableWith(credentials)
    expectTypeOf(zoomAuth).toBeCallableWith({
      ...credentials,
      oauthBaseUrl: 'https://zoomgov.com',
      timeoutMs: 5_000,
    })
  })

  it('accepts a shared TokenProvider', () => {
    const provider = zoomTokenProvider(credentials)
    expectTypeOf(provider).toEqualTypeOf<TokenProvider>()
    expectTypeOf(zoomAuth).toBeCallableWith(provider)
    expectTypeOf(zoomAuth).parameter(0).toEqualTypeOf<AdapterInput>()
  })

  it('takes the adapter options and a fetch', () => {
    expectTypeOf(zoomAuth).toBeCallableWith(credentials, {
      hosts: ['api.zoom.us', /\.zoom\.us$/],
      retryOnUnauthorized: false,
    })
    expectTypeOf(zoomAuth).toBeCallableWith(credentials, {
      fetch: (input: Request) => fetch(input),
    })
    expectTypeOf(zoomAuth).parameter(1).toEqualTypeOf<ZoomKyOptions | undefined>()
  })

  it('rejects incomplete credentials and unknown options', () => {
    // @ts-expect-error -- clientSecret is missing
    zoomAuth({ accountId: 'a', clientId: 'b' })
    // @ts-expect-error -- not an option
    zoomAuth(credentials, { host: 'api.zoom.us' })
  })

  it('returns ky options: assignable to Options, for create() and extend()', () => {
    const extension = zoomAuth(credentials)
    expectTypeOf(extension).toEqualTypeOf<ZoomKyExtension>()
    expectTypeOf(extension).toExtend<Options>()
    expectTypeOf(ky.create).toBeCallableWith(extension)
    expectTypeOf(ky.create({ prefixUrl: 'https://api.zoom.us/v2' }).extend).toBeCallableWith(
      extension,
    )
  })
})

describe('the users of a user-level app', () => {
  const users = zoomUsers({ clientId: 'c', clientSecret: 's' })

  it('takes the users, or one user of them', () => {
    expectTypeOf(zoomAuth(users)).toEqualTypeOf<ZoomKyExtension>()
    expectTypeOf(zoomAuth(users.forUser('u1'))).toEqualTypeOf<ZoomKyExtension>()
  })

  it("adds zoomUser to ky's options, per request and as a default of create or extend", () => {
    const api = ky.create({ zoomUser: 'u1' }).extend(zoomAuth(users))
    void api.get('https://api.zoom.us/v2/users/me', { zoomUser: 'u2' })
    void api.extend({ zoomUser: 'u3' })
    expectTypeOf<Options['zoomUser']>().toEqualTypeOf<string | undefined>()
    // @ts-expect-error a user key is a string
    void api.get('https://api.zoom.us/v2/users/me', { zoomUser: 42 })
  })
})
