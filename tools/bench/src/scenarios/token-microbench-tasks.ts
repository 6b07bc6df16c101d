import { zoomTokenProvider, zoomUsers } from '@zoom-auth/core'
import { createAuthorizer } from '@zoom-auth/core/adapter'
import { UsersS2SAuthClient } from '@zoom/rivet/users'
import { createOAuth2Fetch } from '../clients/badgateway.js'
import { routeRivetOAuthTo } from '../clients/rivet-support.mjs'
import { createTokenGetter } from '../clients/simple-oauth2.js'
import type { BenchTarget } from '../clients/types.js'

/** Task names the report and the README quote. */
export const S2S_AUTHORIZE_TASK =
  '@zoom-auth/core authorizer.authorize(url) (per call in every adapter)'
export const USER_AUTHORIZE_TASK =
  "@zoom-auth/core authorizer.authorize(url, undefined, key) (a zoomUsers user's cached token)"

/** Where the user-level row installs its user: any loopback redirect URI is accepted by the emulator. */
const REDIRECT_URI = 'http://127.0.0.1:3000/zoom/callback'

/** One timed task, warmed by its first fetch: the call to time, and what to release afterwards. */
export interface WarmTask {
  fn: () => Promise<unknown>
  close(): void
}

interface TaskSpec {
  task: string
  ours: boolean
  setUp(target: BenchTarget): Promise<WarmTask>
}

/**
 * Cached token lookups: ours for a Server-to-Server app and for one user of a user-level app
 * (installed through the emulator's authorize redirect and code exchange, grant in the memory
 * store), and the peers' equivalents.
 */
export const MICROBENCH_TASKS: readonly TaskSpec[] = [
  {
    task: '@zoom-auth/core provider.getToken()',
    ours: true,
    async setUp(target) {
      const provider = zoomTokenProvider({ ...target.credentials, oauthBaseUrl: target.oauthUrl })
      await provider.getToken()
      return { fn: () => provider.getToken(), close: () => provider.close() }
    },
  },
  {
    task: S2S_AUTHORIZE_TASK,
    ours: true,
    async setUp(target) {
      const provider = zoomTokenProvider({ ...target.credentials, oauthBaseUrl: target.oauthUrl })
      const authorizer = createAuthorizer(provider, { hosts: [target.host] })
      const apiUrl = `${target.url}/v2/users/me`
      await authorizer.authorize(apiUrl)
      return { fn: () => authorizer.authorize(apiUrl), close: () => provider.close() }
    },
  },
  {
    task: USER_AUTHORIZE_TASK,
    ours: true,
    async setUp(target) {
      const { clientId, clientSecret } = target.credentials
      const users = zoomUsers({
        clientId,
        clientSecret,
        oauthBaseUrl: target.oauthUrl,
        redirectUri: REDIRECT_URI,
      })
      const { url } = await users.beginInstall()
      const approved = await fetch(url, { redirect: 'manual' })
      const { key } = await users.completeInstall(approved.headers.get('location') ?? '')
      const authorizer = createAuthorizer(users, { hosts: [target.host] })
      const apiUrl = `${target.url}/v2/users/me`
      await authorizer.authorize(apiUrl, undefined, key)
      return { fn: () => authorizer.authorize(apiUrl, undefined, key), close: () => users.close() }
    },
  },
  {
    task: '@zoom/rivet S2SAuth.getToken() (per call, inside its endpoints)',
    ours: false,
    async setUp(target) {
      const unroute = routeRivetOAuthTo(target.oauthUrl)
      const rivet = new UsersS2SAuthClient({ ...target.credentials, disableReceiver: true })
      // What rivet's endpoints call before every request; `auth` is not in its typings.
      const auth = (rivet as unknown as { auth: { getToken(): Promise<string> } }).auth
      await auth.getToken()
      return { fn: () => auth.getToken(), close: unroute }
    },
  },
  {
    task: '@badgateway/oauth2-client OAuth2Fetch.getAccessToken()',
    ours: false,
    async setUp(target) {
      const oauth2Fetch = createOAuth2Fetch(target)
      await oauth2Fetch.getAccessToken()
      return { fn: () => oauth2Fetch.getAccessToken(), close: () => {} }
    },
  },
  {
    task: 'simple-oauth2 README pattern (expired(window) check)',
    ours: false,
    async setUp(target) {
      const getToken = createTokenGetter(target)
      await getToken()
      return { fn: getToken, close: () => {} }
    },
  },
]
