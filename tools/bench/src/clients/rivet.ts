import axios from 'axios'
import { ApiResponseError, UsersS2SAuthClient, type S2SAuthToken } from '@zoom/rivet/users'
import { statusOfHttpError } from './http-status.js'
import { routeRivetOAuthTo, scaledRivetMemoryStore } from './rivet-support.mjs'
import type { BenchClient, ClientSpec } from './types.js'

/** Rivet's API errors carry the status only in their message: `[401/124]: "Invalid access token."`. */
function statusOfRivetError(error: unknown): number {
  if (error instanceof ApiResponseError) {
    const status = /^\[(\d{3})/.exec(error.message)?.[1]
    if (status !== undefined) return Number(status)
  }
  throw error
}

/**
 * `@zoom/rivet` 0.4, Zoom's own SDK, as its docs set up a Server-to-Server OAuth app:
 * `new UsersS2SAuthClient({ clientId, clientSecret, accountId })` (`disableReceiver`: no webhooks
 * here), and an API call through its endpoints (`endpoints.users.getUser({ path: { userId: 'me' } })`).
 * Two things point it at the emulator: its token requests go to a hard-coded https://zoom.us, so a
 * request interceptor on axios' default instance (the one rivet uses) rewrites their origin; and
 * `baseUrl`, which rivet's endpoints read (it is not in the client's typed options), for the API.
 * Its token store is its default in-memory one, with the 60 s refresh window scaled to the
 * emulator's token lifetime as simple-oauth2's is (rivet-support.mjs).
 */
export const zoomRivetS2S: ClientSpec = {
  name: '@zoom/rivet',
  transport: 'axios',
  ours: false,
  grant: 'account_credentials',
  create(target) {
    const unroute = routeRivetOAuthTo(target.oauthUrl, target.onToken)
    const options = {
      ...target.credentials,
      disableReceiver: true as const,
      tokenStore: scaledRivetMemoryStore<S2SAuthToken>(target.tokenTtlSeconds),
      baseUrl: `${target.url}/v2`,
    }
    const client = new UsersS2SAuthClient(options)
    return {
      get: async (url) => {
        const { pathname, searchParams } = new URL(url)
        if (pathname !== '/v2/users/me') throw new TypeError(`bench: rivet calls only /v2/users/me`)
        try {
          // Scenarios tag calls `?n=<index>`; rivet passes `query` on as the query string.
          const query = Object.fromEntries(searchParams) as Record<string, never>
          return (await client.endpoints.users.getUser({ path: { userId: 'me' }, query }))
            .statusCode
        } catch (error) {
          return statusOfRivetError(error)
        }
      },
      close: unroute,
    }
  },
  createBare: (_target, accessToken) => axiosClient(accessToken),
}

/** Rivet's HTTP client, axios, with a fixed header: what rivet's endpoints do without auth. */
function axiosClient(accessToken: string): BenchClient {
  const instance = axios.create({ headers: { authorization: `Bearer ${accessToken}` } })
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
