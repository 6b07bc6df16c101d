import { Agent, Pool, getGlobalDispatcher, interceptors, setGlobalDispatcher } from 'undici'
import * as undici6 from 'undici6'
import { describe, expectTypeOf, it } from 'vitest'
import { zoomAuth, type AdapterOptions, type ZoomAuthInterceptor } from '../index.js'

declare const credentials: { accountId: string; clientId: string; clientSecret: string }

describe('zoomAuth types', () => {
  it('is an interceptor that every compose() of undici 6 and 7 takes', () => {
    const interceptor = zoomAuth(credentials, { hosts: ['api.zoom.us'], maxReplayBodyBytes: 1024 })
    expectTypeOf(interceptor).toEqualTypeOf<ZoomAuthInterceptor>()
    setGlobalDispatcher(getGlobalDispatcher().compose(interceptor))
    new Agent().compose(interceptors.redirect({ maxRedirections: 3 }), interceptor)
    new Pool('https://api.zoom.us').compose([interceptor, interceptors.retry()])
    undici6.setGlobalDispatcher(undici6.getGlobalDispatcher().compose(interceptor))
  })

  it('takes the adapter options every zoom-auth adapter takes', () => {
    expectTypeOf(zoomAuth).parameter(1).toEqualTypeOf<AdapterOptions | undefined>()
    // @ts-expect-error a fetch is not an option of this adapter
    zoomAuth(credentials, { fetch })
  })
})
