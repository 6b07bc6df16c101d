// A TypeScript ESM consumer of @zoom-auth/fetch, written as its README shows; only compiled.
import { isZoomAuthError, zoomAuth, zoomTokenProvider } from '@zoom-auth/fetch'

const credentials = { accountId: 'account', clientId: 'client', clientSecret: 'secret' }

const zoomFetch: typeof fetch = zoomAuth(credentials)
const shared = zoomAuth(zoomTokenProvider(credentials), { hosts: ['api.zoom.us'], fetch })

export async function me(): Promise<string> {
  try {
    const response: Response = await zoomFetch('https://api.zoom.us/v2/users/me')
    await shared('https://api.zoom.us/v2/users/me/meetings', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'Standup' }),
    })
    return ((await response.json()) as { id: string }).id
  } catch (error) {
    if (isZoomAuthError(error)) return error.code
    throw error
  }
}
