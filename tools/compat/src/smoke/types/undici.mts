// A TypeScript ESM consumer of @zoom-auth/undici, written as its README shows; only compiled.
// Only what undici 6.11 (the peer floor) declares too: compose, request and the global dispatcher.
import { Agent, getGlobalDispatcher, request, setGlobalDispatcher } from 'undici'
import {
  isZoomAuthError,
  zoomAuth,
  zoomTokenProvider,
  type ZoomAuthInterceptor,
} from '@zoom-auth/undici'

const credentials = { accountId: 'account', clientId: 'client', clientSecret: 'secret' }

setGlobalDispatcher(getGlobalDispatcher().compose(zoomAuth(credentials)))

const interceptor: ZoomAuthInterceptor = zoomAuth(zoomTokenProvider(credentials), {
  hosts: ['api.zoom.us'],
  maxReplayBodyBytes: 4 * 1024 * 1024,
})
const zoom = new Agent().compose(interceptor)

export async function me(): Promise<string> {
  try {
    const { statusCode, body } = await request('https://api.zoom.us/v2/users/me', {
      dispatcher: zoom,
    })
    const user = (await body.json()) as { id: string }
    return statusCode === 200 ? user.id : String(statusCode)
  } catch (error) {
    if (isZoomAuthError(error)) return error.code
    throw error
  }
}
