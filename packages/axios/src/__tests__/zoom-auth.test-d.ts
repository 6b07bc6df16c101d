import axios, { type AxiosInstance, type InternalAxiosRequestConfig } from 'axios'
import { describe, expectTypeOf, it } from 'vitest'
import {
  attachZoomAuth,
  zoomAuth,
  zoomTokenProvider,
  zoomUsers,
  type AdapterOptions,
  type DetachZoomAuth,
  type TokenProvider,
  type ZoomAuthInterceptor,
  type ZoomUsers,
} from '../index.js'

const credentials = { accountId: 'a', clientId: 'c', clientSecret: 's' }

describe('zoomAuth types', () => {
  it('takes credentials with provider options and returns an interceptor', () => {
    const interceptor = zoomAuth({
      ...credentials,
      oauthBaseUrl: 'https://zoomgov.com',
      refreshAheadMs: 60_000,
      retry: { limit: 1 },
      onEvent: (event) => expectTypeOf(event.type).toBeString(),
    })
    expectTypeOf(interceptor).toEqualTypeOf<ZoomAuthInterceptor>()
  })

  it('takes a shared TokenProvider', () => {
    const provider: TokenProvider = zoomTokenProvider(credentials)
    expectTypeOf(zoomAuth(provider)).toEqualTypeOf<ZoomAuthInterceptor>()
    expectTypeOf(zoomAuth).parameter(0).toExtend<TokenProvider | typeof credentials | ZoomUsers>()
  })

  it('takes the adapter options', () => {
    expectTypeOf(zoomAuth).parameter(1).toEqualTypeOf<AdapterOptions | undefined>()
    zoomAuth(credentials, { hosts: ['api.zoom.us', /\.zoom\.us$/], retryOnUnauthorized: false })
  })

  it('rejects incomplete credentials and unknown options', () => {
    // @ts-expect-error clientSecret is missing
    zoomAuth({ accountId: 'a', clientId: 'c' })
    // @ts-expect-error not a credential set nor a provider
    zoomAuth('token')
    // @ts-expect-error hosts is a list
    zoomAuth(credentials, { hosts: 'api.zoom.us' })
    // @ts-expect-error no such option
    zoomAuth(credentials, { retries: 1 })
  })

  it('fits axios.interceptors.request.use on the default instance and on axios.create()', () => {
    axios.interceptors.request.use(zoomAuth(credentials))
    const api: AxiosInstance = axios.create()
    api.interceptors.request.use(zoomAuth(credentials), null, { synchronous: true })
  })

  it('hands back the config type it is given', () => {
    const interceptor = zoomAuth(credentials)
    type TypedConfig = InternalAxiosRequestConfig<{ id: number }>
    expectTypeOf(interceptor<TypedConfig>).returns.toEqualTypeOf<TypedConfig>()
  })
})

describe('attachZoomAuth types', () => {
  it('takes an instance (or the default axios) and both input forms, and returns a detach function', () => {
    expectTypeOf(attachZoomAuth(axios, credentials)).toEqualTypeOf<DetachZoomAuth>()
    expectTypeOf(
      attachZoomAuth(axios.create(), zoomTokenProvider(credentials), { hosts: ['api.zoom.us'] }),
    ).toEqualTypeOf<() => void>()
    // @ts-expect-error not an axios instance
    attachZoomAuth({}, credentials)
  })
})

describe('the users of a user-level app', () => {
  const users = zoomUsers({ clientId: 'c', clientSecret: 's' })

  it('takes the users, or one user of them', () => {
    expectTypeOf(zoomAuth(users)).toEqualTypeOf<ZoomAuthInterceptor>()
    expectTypeOf(zoomAuth(users.forUser('u1'))).toEqualTypeOf<ZoomAuthInterceptor>()
    expectTypeOf(attachZoomAuth(axios.create(), users)).toEqualTypeOf<DetachZoomAuth>()
  })

  it("adds zoomUser to axios' request config, per request and as an instance default", () => {
    const api = axios.create({ zoomUser: 'u1' })
    void api.get('https://api.zoom.us/v2/users/me', { zoomUser: 'u2' })
    void axios.request({ url: 'https://api.zoom.us/v2/users/me', zoomUser: 'u3' })
    expectTypeOf<InternalAxiosRequestConfig['zoomUser']>().toEqualTypeOf<string | undefined>()
    // @ts-expect-error a user key is a string
    void api.get('https://api.zoom.us/v2/users/me', { zoomUser: 42 })
  })
})
