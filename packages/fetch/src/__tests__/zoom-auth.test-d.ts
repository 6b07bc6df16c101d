import { Agent, fetch as undiciFetch, Request as UndiciRequest } from 'undici'
import { describe, expectTypeOf, it, vi } from 'vitest'
import {
  zoomAuth,
  zoomUsers,
  type ZoomFetch,
  type ZoomFetchInit,
  type ZoomFetchOptions,
} from '../index.js'

const credentials = { accountId: 'a', clientId: 'c', clientSecret: 's' }

describe('zoomAuth types', () => {
  it("has fetch's call signature by default (usable as typeof fetch), its init also taking zoomUser", () => {
    const zoomFetch = zoomAuth(credentials)
    expectTypeOf(zoomFetch).toEqualTypeOf<ZoomFetch>()
    expectTypeOf(zoomFetch).toExtend<typeof fetch>()
    expectTypeOf(zoomAuth(credentials, { hosts: ['api.zoom.us'] })).toExtend<typeof fetch>()
    expectTypeOf(zoomFetch).parameter(0).toEqualTypeOf<Parameters<typeof fetch>[0]>()
    expectTypeOf(zoomFetch).parameter(1).toEqualTypeOf<(RequestInit & ZoomFetchInit) | undefined>()
    expectTypeOf(zoomFetch('https://api.zoom.us/v2/users/me')).resolves.toEqualTypeOf<Response>()
  })

  it('takes a string or URL, or a Request, with an optional init', () => {
    const zoomFetch = zoomAuth(credentials)
    expectTypeOf(zoomFetch).toBeCallableWith('https://api.zoom.us/v2/users/me')
    expectTypeOf(zoomFetch).toBeCallableWith(new URL('https://api.zoom.us/v2/users/me'), {
      method: 'POST',
      body: '{}',
    })
    expectTypeOf(zoomFetch).toBeCallableWith(new Request('https://api.zoom.us/v2/users/me'))
    expectTypeOf(zoomFetch).toBeCallableWith(new Request('https://api.zoom.us/v2/users/me'), {
      headers: { accept: 'application/json' },
    })
  })

  it("takes undici's fetch and returns a function of its type", () => {
    const zoomFetch = zoomAuth(credentials, { fetch: undiciFetch })
    expectTypeOf(zoomFetch).toEqualTypeOf<ZoomFetch<typeof undiciFetch>>()
    expectTypeOf(zoomFetch).toExtend<typeof undiciFetch>()
    expectTypeOf(zoomFetch).returns.toEqualTypeOf<ReturnType<typeof undiciFetch>>()
    expectTypeOf(zoomFetch).toBeCallableWith('https://api.zoom.us/v2/users/me', {
      zoomUser: 'u1',
      dispatcher: new Agent(),
    })
    expectTypeOf(zoomFetch).toBeCallableWith(new UndiciRequest('https://api.zoom.us/v2/users/me'))
  })

  it('is typeof fetch for a mock of fetch, without the mock properties', () => {
    const zoomFetch = zoomAuth(credentials, { fetch: vi.fn<typeof fetch>() })
    expectTypeOf(zoomFetch).toEqualTypeOf<ZoomFetch>()
    expectTypeOf(zoomFetch).toExtend<typeof fetch>()
    expectTypeOf(zoomFetch).not.toHaveProperty('mock')
  })

  it('has the options type of the issue by default', () => {
    expectTypeOf<ZoomFetchOptions>()
      .toHaveProperty('fetch')
      .toEqualTypeOf<typeof fetch | undefined>()
    expectTypeOf<ZoomFetchOptions>().toHaveProperty('hosts')
    expectTypeOf<ZoomFetchOptions>().toHaveProperty('retryOnUnauthorized')
  })

  it('rejects a fetch option that is not a fetch', () => {
    // @ts-expect-error a function without fetch's shape
    zoomAuth(credentials, { fetch: (input: number) => input })
    // @ts-expect-error not a function
    zoomAuth(credentials, { fetch: 'fetch' })
  })
})

describe('the users of a user-level app', () => {
  const users = zoomUsers({ clientId: 'c', clientSecret: 's' })

  it('takes the users, or one user of them', () => {
    expectTypeOf(zoomAuth(users)).toEqualTypeOf<ZoomFetch>()
    expectTypeOf(zoomAuth(users.forUser('u1'))).toEqualTypeOf<ZoomFetch>()
  })

  it('takes zoomUser in the init, without a cast', () => {
    const zoomFetch = zoomAuth(users)
    void zoomFetch('https://api.zoom.us/v2/users/me', { zoomUser: 'u1', method: 'GET' })
    void zoomFetch(new Request('https://api.zoom.us/v2/users/me'), { zoomUser: 'u1' })
    // @ts-expect-error a user key is a string
    void zoomFetch('https://api.zoom.us/v2/users/me', { zoomUser: 42 })
  })
})
