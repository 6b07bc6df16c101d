import { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client'
import { observingFetch } from './token-observer.js'
import type { BenchClient, BenchTarget, ClientSpec } from './types.js'

/**
 * `@badgateway/oauth2-client` as its README's "Fetch Wrapper" section sets it up: an `OAuth2Client`
 * for the token endpoint and an `OAuth2Fetch` whose `getNewToken` runs the `client_credentials` grant.
 * The token endpoint is given, so no discovery request is made.
 */
export function createOAuth2Fetch(target: BenchTarget): OAuth2Fetch {
  const client = new OAuth2Client({
    server: target.oauthUrl,
    tokenEndpoint: '/oauth/token',
    clientId: target.credentials.clientId,
    clientSecret: target.credentials.clientSecret,
    ...(target.onToken !== undefined && { fetch: observingFetch(target.onToken) }),
  })
  return new OAuth2Fetch({ client, getNewToken: () => client.clientCredentials() })
}

function fetchClient(send: (url: string) => Promise<Response>): BenchClient {
  return {
    get: async (url) => {
      const response = await send(url)
      await response.arrayBuffer()
      return response.status
    },
    close: () => {},
  }
}

export const badgatewayOAuth2Fetch: ClientSpec = {
  name: '@badgateway/oauth2-client',
  transport: 'fetch',
  ours: false,
  grant: 'client_credentials',
  create(target) {
    const wrapper = createOAuth2Fetch(target)
    return fetchClient((url) => wrapper.fetch(url))
  },
  createBare: (_target, accessToken) =>
    fetchClient((url) => fetch(url, { headers: { authorization: `Bearer ${accessToken}` } })),
}
