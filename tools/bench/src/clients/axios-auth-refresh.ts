import axios, { type AxiosError } from 'axios'
import { createAuthRefresh } from 'axios-auth-refresh'
import { statusOfHttpError } from './http-status.js'
import type { BenchClient, ClientSpec } from './types.js'

type CjsAxiosInstance = Parameters<typeof createAuthRefresh>[0]
const asCjsInstance = (instance: unknown) => instance as CjsAxiosInstance

interface TokenResponse {
  access_token: string
}

function axiosClient(instance: ReturnType<typeof axios.create>): BenchClient {
  return {
    get: async (url) => {
      try {
        return (await instance.get(url)).status
      } catch (error) {
        return statusOfHttpError(error)
      }
    },
    close: () => {},
  }
}

/**
 * `axios-auth-refresh` as its README wires it: a request interceptor that sets the stored token on
 * every request, and `createAuthRefresh` with a refresh function that fetches a new token (here the
 * `client_credentials` grant, through plain axios so the refresh call is not intercepted) and sets it
 * on the failed request. There is no token until the first 401, as in the README.
 */
export const axiosAuthRefresh: ClientSpec = {
  name: 'axios-auth-refresh',
  transport: 'axios',
  ours: false,
  grant: 'client_credentials',
  create(target) {
    let accessToken: string | null = null
    const instance = axios.create()

    // axios-auth-refresh's typings see axios' CommonJS types; the instance is the same object.
    createAuthRefresh(asCjsInstance(instance), async (failedRequest: AxiosError) => {
      const response = await axios.post<TokenResponse>(
        `${target.oauthUrl}/oauth/token`,
        new URLSearchParams({ grant_type: 'client_credentials' }),
        {
          auth: {
            username: target.credentials.clientId,
            password: target.credentials.clientSecret,
          },
        },
      )
      accessToken = response.data.access_token
      target.onToken?.(accessToken, performance.now())
      if (failedRequest.response !== undefined)
        failedRequest.response.config.headers['Authorization'] = `Bearer ${accessToken}`
    })

    instance.interceptors.request.use((request) => {
      request.headers['Authorization'] = `Bearer ${accessToken}`
      return request
    })
    return axiosClient(instance)
  },
  createBare: (_target, accessToken) =>
    axiosClient(axios.create({ headers: { authorization: `Bearer ${accessToken}` } })),
}
