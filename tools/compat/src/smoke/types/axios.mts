// A TypeScript ESM consumer of @zoom-auth/axios, written as its README shows; only compiled.
import axios, { type AxiosInstance } from 'axios'
import {
  attachZoomAuth,
  isZoomAuthError,
  zoomAuth,
  zoomTokenProvider,
  type TokenProvider,
} from '@zoom-auth/axios'

const credentials = { accountId: 'account', clientId: 'client', clientSecret: 'secret' }

axios.interceptors.request.use(zoomAuth(credentials))

const provider: TokenProvider = zoomTokenProvider(credentials)
const api: AxiosInstance = axios.create({ baseURL: 'https://api.zoom.us/v2' })
api.interceptors.request.use(
  zoomAuth(provider, { hosts: ['api.zoom.us'], retryOnUnauthorized: true }),
)
const detach: () => void = attachZoomAuth(axios.create(), provider)

export async function me(): Promise<string> {
  try {
    const { data } = await api.get<{ id: string }>('/users/me')
    return data.id
  } catch (error) {
    if (isZoomAuthError(error)) return error.code
    throw error
  } finally {
    detach()
  }
}
