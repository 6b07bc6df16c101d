import { Bench } from 'tinybench'
import { zoomTokenProvider, zoomUsers } from '@zoom-auth/core'
import { createAuthorizer } from '@zoom-auth/core/adapter'
import { UsersS2SAuthClient } from '@zoom/rivet/users'
import type { BenchConfig } from '../bench-config.js'
import { createOAuth2Fetch } from '../clients/badgateway.js'
import { routeRivetOAuthTo } from '../clients/rivet-support.mjs'
import { createTokenGetter } from '../clients/simple-oauth2.js'
import type { BenchTarget } from '../clients/types.js'

export interface MicrobenchRow {
  task: string
  ours: boolean
  opsPerSecond: number
  meanNs: number
}

/** Task names the report and the README quote. */
export const S2S_AUTHORIZE_TASK =
  '@zoom-auth/core authorizer.authorize(url) (per call in every adapter)'
export const USER_AUTHORIZE_TASK =
  "@zoom-auth/core authorizer.authorize(url, undefined, key) (a zoomUsers user's cached token)"

/** Where the user-level row installs its user: any loopback redirect URI is accepted by the emulator. */
const REDIRECT_URI = 'http://127.0.0.1:3000/zoom/callback'

/**
 * Cached token lookups, each warmed with its first fetch before timing: ours for a
 * Server-to-Server app and for one user of a user-level app (installed through the emulator's
 * authorize redirect and code exchange, grant in the memory store), and the peers' equivalents.
 */
export async function tokenMicrobench(
  config: BenchConfig,
  target: BenchTarget,
): Promise<MicrobenchRow[]> {
  const input = { ...target.credentials, oauthBaseUrl: target.oauthUrl }
  const apiUrl = `${target.url}/v2/users/me`
  const provider = zoomTokenProvider(input)
  await provider.getToken()
  const authorizer = createAuthorizer(provider, { hosts: [target.host] })

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
  const userAuthorizer = createAuthorizer(users, { hosts: [target.host] })
  await userAuthorizer.authorize(apiUrl, undefined, key)

  const oauth2Fetch = createOAuth2Fetch(target)
  await oauth2Fetch.getAccessToken()
  const simpleOAuth2Token = createTokenGetter(target)
  await simpleOAuth2Token()
  const unroute = routeRivetOAuthTo(target.oauthUrl)
  const rivet = new UsersS2SAuthClient({ ...target.credentials, disableReceiver: true })
  // What rivet's endpoints call before every request; `auth` is not in its typings.
  const rivetAuth = (rivet as unknown as { auth: { getToken(): Promise<string> } }).auth
  await rivetAuth.getToken()

  const tasks: Array<{ task: string; ours: boolean; fn: () => Promise<unknown> }> = [
    { task: '@zoom-auth/core provider.getToken()', ours: true, fn: () => provider.getToken() },
    { task: S2S_AUTHORIZE_TASK, ours: true, fn: () => authorizer.authorize(apiUrl) },
    {
      task: USER_AUTHORIZE_TASK,
      ours: true,
      fn: () => userAuthorizer.authorize(apiUrl, undefined, key),
    },
    {
      task: '@zoom/rivet S2SAuth.getToken() (per call, inside its endpoints)',
      ours: false,
      fn: () => rivetAuth.getToken(),
    },
    {
      task: '@badgateway/oauth2-client OAuth2Fetch.getAccessToken()',
      ours: false,
      fn: () => oauth2Fetch.getAccessToken(),
    },
    {
      task: 'simple-oauth2 README pattern (expired(window) check)',
      ours: false,
      fn: simpleOAuth2Token,
    },
  ]
  const bench = new Bench({ time: config.hotPath.microbenchTimeMs, warmupTime: 50 })
  for (const { task, fn } of tasks) bench.add(task, fn)
  try {
    await bench.run()
  } finally {
    provider.close()
    users.close()
    unroute()
  }
  return tasks.map(({ task, ours }) => {
    const result = bench.getTask(task)?.result
    const meanMs = result?.latency.mean ?? Number.NaN
    return {
      task,
      ours,
      opsPerSecond: Math.round(result?.throughput.mean ?? Number.NaN),
      meanNs: Math.round(meanMs * 1e6),
    }
  })
}
