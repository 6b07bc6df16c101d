import { Agent, fetch, request, type Dispatcher } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { startRecordingOrigin } from '@zoom-auth/testing/contracts'
import { zoomAuth, zoomTokenProvider } from '../index.js'
import { INSTALLED_USERS, useInstalledUsers } from '@zoom-auth/testing/contracts'
import * as vitest from 'vitest'

const { alice: ALICE, bob: BOB } = INSTALLED_USERS

/** What a rejected request rejected with. */
const failureOf = (pending: Promise<unknown>) =>
  pending.then(
    () => undefined,
    (e: unknown) => e,
  )

type Me = { id: string }

describe('requests as the users of a user-level app', () => {
  const local = useInstalledUsers(vitest)
  const me = () => `${local.zoom.url}/v2/users/me`
  const agents: Agent[] = []
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((agent) => agent.close()))
  })
  const dispatcherOf = (interceptor: ReturnType<typeof zoomAuth>): Dispatcher => {
    const agent = new Agent()
    agents.push(agent)
    return agent.compose(interceptor)
  }

  /** `request(url, { dispatcher, zoomUser, … })`; undici's option types don't know zoomUser. */
  async function send(
    dispatcher: Dispatcher,
    url: string,
    options: { zoomUser?: unknown; method?: 'GET' | 'POST'; body?: string } = {},
  ): Promise<{ status: number; body: string }> {
    const response = await request(url, { dispatcher, ...options } as never)
    return { status: response.statusCode, body: await response.body.text() }
  }
  const idOf = async (sent: Promise<{ body: string }>) => (JSON.parse((await sent).body) as Me).id

  it('makes each request as the user its zoomUser option names, with that user’s own token', async () => {
    const dispatcher = dispatcherOf(zoomAuth(local.users))
    const ids = await Promise.all([
      idOf(send(dispatcher, me(), { zoomUser: ALICE })),
      idOf(send(dispatcher, me(), { zoomUser: BOB })),
    ])
    expect(ids).toEqual(['alice', 'bob'])
    expect(local.zoom.stats.requests.map((seen) => seen.token).sort()).toEqual(
      [await local.accessTokenOf(ALICE), await local.accessTokenOf(BOB)].sort(),
    )
    expect(local.zoom.stats.tokenRequests).toBe(0)
  })

  it('answers a 401 by refreshing that user only, and replays with their new token', async () => {
    const dispatcher = dispatcherOf(zoomAuth(local.users))
    const bobBefore = await local.accessTokenOf(BOB)
    local.zoom.expireUserTokens('alice')
    expect(await idOf(send(dispatcher, me(), { zoomUser: ALICE }))).toBe('alice')
    expect(await idOf(send(dispatcher, me(), { zoomUser: BOB }))).toBe('bob')
    expect(local.zoom.stats.refreshGrantsByUser).toEqual({ alice: 1 })
    expect(local.zoom.stats.refreshTokensPresentedTwice).toBe(0)
    expect(local.zoom.stats.requests.map((seen) => seen.status)).toEqual([401, 200, 200])
    expect(local.zoom.stats.requests[1]?.token).toBe(await local.accessTokenOf(ALICE))
    expect(local.zoom.stats.requests[2]?.token).toBe(bobBefore)
  })

  it('makes every request as one user given users.forUser(key), fetch included', async () => {
    const dispatcher = dispatcherOf(zoomAuth(local.users.forUser(BOB)))
    expect(await idOf(send(dispatcher, me()))).toBe('bob')
    const response = await fetch(me(), { dispatcher })
    expect(((await response.json()) as Me).id).toBe('bob')
    expect(local.zoom.stats.requests.map((seen) => seen.token)).toEqual([
      await local.accessTokenOf(BOB),
      await local.accessTokenOf(BOB),
    ])
  })

  it('fails a request that names no user with a TypeError naming zoomUser, before it is sent', async () => {
    const dispatcher = dispatcherOf(zoomAuth(local.users))
    for (const options of [{}, { zoomUser: 42 }]) {
      const error = await failureOf(send(dispatcher, me(), options))
      expect(error).toBeInstanceOf(TypeError)
      expect((error as Error).message).toContain('zoomUser')
    }
    expect(local.zoom.stats.apiRequests).toBe(0)
  })

  it('fails a user with no stored grant with reauthorization_required, before it is sent', async () => {
    const dispatcher = dispatcherOf(zoomAuth(local.users))
    const error = await failureOf(send(dispatcher, me(), { zoomUser: 'key-carol' }))
    expect(error).toMatchObject({ code: 'reauthorization_required', userKey: 'key-carol' })
    expect(local.zoom.stats).toMatchObject({ apiRequests: 0, tokenRequests: 0 })
    expect(local.containsSecret(JSON.stringify(error) + String(error))).toBe(false)
  })

  it('fails a request that names a user when zoomAuth was given one provider, before it is sent', async () => {
    const provider = zoomTokenProvider({ ...local.zoom.credentials, oauthBaseUrl: local.zoom.url })
    const dispatcher = dispatcherOf(zoomAuth(provider))
    const error = await failureOf(send(dispatcher, me(), { zoomUser: ALICE }))
    provider.close()
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toContain('zoomUser')
    expect(local.zoom.stats).toMatchObject({ apiRequests: 0, tokenRequests: 0 })
  })

  it('never puts the user on the wire: no header, no query, nothing of the key', async () => {
    const origin = await startRecordingOrigin()
    try {
      const dispatcher = dispatcherOf(zoomAuth(local.users, { hosts: [origin.host] }))
      const sent = await send(dispatcher, `${origin.url}/v2/users?page=1`, {
        method: 'POST',
        body: '{"a":1}',
        zoomUser: ALICE,
      })
      expect(sent.status).toBe(200)
      const [recorded] = origin.requests
      expect(recorded?.token).toBe(await local.accessTokenOf(ALICE))
      const wire = `${recorded?.path} ${JSON.stringify(recorded?.headers)} ${Buffer.from(recorded?.body ?? []).toString()}`
      expect(wire.toLowerCase()).not.toContain('zoomuser')
      expect(wire).not.toContain(ALICE)
    } finally {
      await origin.close()
    }
  })
})
