// A TypeScript ESM consumer of @zoom-auth/ky (ky 1 or 2), written as its README shows; only compiled.
// No KyInstance annotation: ky 1.0 doesn't export that type.
import ky from 'ky'
import { isZoomAuthError, zoomAuth, zoomTokenProvider } from '@zoom-auth/ky'

const credentials = { accountId: 'account', clientId: 'client', clientSecret: 'secret' }

const provider = zoomTokenProvider(credentials)
const zoom = ky.create({ timeout: 5_000 }).extend(zoomAuth(provider))
const other = ky.create(zoomAuth(credentials, { hosts: ['api.zoom.us'] }))

export async function me(): Promise<string> {
  try {
    const user = await zoom.get('https://api.zoom.us/v2/users/me').json<{ id: string }>()
    await other.post('https://api.zoom.us/v2/users/me/meetings', { json: { topic: 'Standup' } })
    return user.id
  } catch (error) {
    if (isZoomAuthError(error)) return error.code
    throw error
  }
}
