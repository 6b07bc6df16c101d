import { fetch as undiciFetch, Request as UndiciRequest } from 'undici'
import { describe, expectTypeOf, it, vi } from 'vitest'
import { zoomAuth, type ZoomFetchOptions } from '../index.js'

const credentials = { accountId: 'a', clientId: 'c', clientSecret: 's' }

describe('zoomAuth types', () => {
  it('is typed as typeof fetch by default', () => {
    const zoomFetch = zoomAuth(credentials)
    expectTypeOf(zoomFetch).toEqualTypeOf<typeof fetch>()
    expectTypeOf(zoomAuth(credentials, { hosts: ['api.zoom.us'] })).toEqualTypeOf<typeof fetch>()
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
    expectTypeOf(zoomFetch).toEqualTypeOf<typeof undiciFetch>()
    expectTypeOf(zoomFetch).toBeCallableWith(new UndiciRequest('https://api.zoom.us/v2/users/me'))
  })

  it('is typeof fetch for a mock of fetch, without the mock properties', () => {
    const zoomFetch = zoomAuth(credentials, { fetch: vi.fn<typeof fetch>() })
    expectTypeOf(zoomFetch).toEqualTypeOf<typeof fetch>()
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
