// A TypeScript ESM consumer of @zoom-auth/got (got 14 to 16), written as its README shows; only compiled.
import got, { type Got } from 'got'
import { isZoomAuthError, zoomAuth, zoomTokenProvider } from '@zoom-auth/got'

const credentials = { accountId: 'account', clientId: 'client', clientSecret: 'secret' }

const provider = zoomTokenProvider(credentials)
const zoom: Got = got.extend(zoomAuth(provider, { hosts: ['api.zoom.us'] }))
const other = got.extend({ prefixUrl: 'https://api.zoom.us/v2/' }, zoomAuth(credentials))

export async function me(): Promise<string> {
  try {
    const user = await zoom.get('https://api.zoom.us/v2/users/me').json<{ id: string }>()
    const response = await other.get('users/me')
    const body: string = response.body
    return `${user.id} ${body.length}`
  } catch (error) {
    if (isZoomAuthError(error)) return error.code
    throw error
  }
}
