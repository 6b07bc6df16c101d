import {
  memoryUserTokenStore,
  zoomUsers,
  type UserGrant,
  type UserTokenStore,
  type ZoomUsers,
} from '@zoom-auth/core'
import { startZoomEmulator } from '../emulator.js'
import type { ZoomEmulator } from '../types.js'
import type { ContractTestApi } from '../token-store-contract/contract-test-api.js'

/**
 * The app's keys for the emulator's two users in {@link useInstalledUsers} (not their Zoom ids, so
 * a spec can tell the two apart).
 *
 * @example
 * ```ts
 * await api.get('users/me', { zoomUser: INSTALLED_USERS.alice })
 * ```
 */
export const INSTALLED_USERS = { alice: 'key-alice-7f3a', bob: 'key-bob-91c2' } as const
const ZOOM_IDS: Record<string, string> = {
  [INSTALLED_USERS.alice]: 'alice',
  [INSTALLED_USERS.bob]: 'bob',
}

const REDIRECT_URI = 'http://127.0.0.1:3000/oauth/callback'

/** What a users spec needs; see {@link useInstalledUsers}. */
export interface InstalledUsers {
  /** The emulator both users installed the app on (API and token endpoint). */
  readonly zoom: ZoomEmulator
  /** The users of the app, tokens refreshed at `zoom`. */
  readonly users: ZoomUsers
  readonly store: UserTokenStore
  /** The access token the store holds for `key` now. */
  accessTokenOf(key: string): Promise<string>
  /** True when `text` holds a token or refresh token issued in this test (prints nothing). */
  containsSecret(text: string): boolean
}

/**
 * A fresh emulator per test with two users, alice and bob, who each installed the user-level app
 * (authorize, then the code exchanged), their grants stored under {@link INSTALLED_USERS}: what an
 * adapter's specs of requests made as users need. Call at the top of a describe block, with the test
 * framework's hooks (`import * as vitest from 'vitest'`).
 *
 * @example
 * ```ts
 * const local = useInstalledUsers(vitest)
 * it('sends alice\'s token', async () => {
 *   const api = axios.create({ baseURL: `${local.zoom.url}/v2/` })
 *   api.interceptors.request.use(zoomAuth(local.users, { hosts: [local.zoom.host] }))
 * })
 * ```
 */
export function useInstalledUsers(
  test: Pick<ContractTestApi, 'beforeEach' | 'afterEach'>,
): InstalledUsers {
  const { beforeEach, afterEach } = test
  let current: { zoom: ZoomEmulator; users: ZoomUsers; store: UserTokenStore } | undefined
  const issued = new Set<string>()

  beforeEach(async () => {
    const zoom = await startZoomEmulator({ users: [{ id: 'alice' }, { id: 'bob' }] })
    const store = memoryUserTokenStore()
    for (const [key, zoomId] of Object.entries(ZOOM_IDS))
      await install(zoom, store, key, zoomId, issued)
    // Specs count what the adapter does, not the install.
    zoom.resetStats()
    const { clientId, clientSecret } = zoom.credentials
    // Token requests go through a fetch that remembers what they bring back (refreshes too).
    const remembering: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      const body = (await response
        .clone()
        .json()
        .catch(() => ({}))) as Record<string, unknown>
      for (const name of ['access_token', 'refresh_token'])
        if (typeof body[name] === 'string') issued.add(body[name])
      return response
    }
    const users = zoomUsers({
      clientId,
      clientSecret,
      oauthBaseUrl: zoom.url,
      store,
      fetch: remembering,
    })
    current = { zoom, users, store }
  })
  afterEach(async () => {
    current?.users.close()
    issued.clear()
    await current?.zoom.close()
    current = undefined
  })

  const now = () => {
    if (!current) throw new Error('useInstalledUsers: only inside a test')
    return current
  }
  return {
    get zoom() {
      return now().zoom
    },
    get users() {
      return now().users
    },
    get store() {
      return now().store
    },
    async accessTokenOf(key) {
      const grant = await now().store.get(key)
      if (grant === undefined) throw new Error(`no grant for ${key}`)
      return grant.accessToken
    },
    containsSecret: (text) => [...issued].some((secret) => text.includes(secret)),
  }
}

/** The install flow, as a browser and the app's callback would run it: the grant is stored. */
async function install(
  zoom: ZoomEmulator,
  store: UserTokenStore,
  key: string,
  zoomId: string,
  issued: Set<string>,
): Promise<void> {
  const { clientId, clientSecret } = zoom.credentials
  zoom.approveAs(zoomId)
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    state: 'state-1',
  })
  const authorize = await fetch(`${zoom.url}/oauth/authorize?${query}`, { redirect: 'manual' })
  const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code')
  if (code === null) throw new Error(`authorize answered ${authorize.status} without a code`)
  const answer = await fetch(`${zoom.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
    }),
  })
  if (answer.status !== 200) throw new Error(`code exchange answered ${answer.status}`)
  const pair = (await answer.json()) as {
    access_token: string
    refresh_token: string
    expires_in: number
    scope: string
    api_url: string
  }
  issued.add(pair.access_token).add(pair.refresh_token)
  const issuedAt = Date.now()
  const grant: UserGrant = {
    accessToken: pair.access_token,
    refreshToken: pair.refresh_token,
    issuedAt,
    expiresAt: issuedAt + pair.expires_in * 1000,
    scopes: pair.scope.split(' '),
    apiUrl: pair.api_url,
    clientId,
    userId: zoomId,
  }
  await store.put(key, grant)
}
