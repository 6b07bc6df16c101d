import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { UserGrant } from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { installUser, userAppEnv } from './support/install-user.js'
import { runCli } from './support/run-cli.js'

let emulator: ZoomEmulator
let env: Record<string, string>
let dir: string

beforeAll(async () => {
  emulator = await startZoomEmulator({ users: [{ id: 'alice' }, { id: 'bob' }] })
  env = userAppEnv(emulator)
})
afterAll(() => emulator.close())
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zoom-auth-user-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const fileOf = (key: string) => join(dir, `${key}.json`)
const saved = async (key: string) => JSON.parse(await readFile(fileOf(key), 'utf8')) as UserGrant
/** Ages the saved access token, as time passing would: it now expires in `remainingMs`. */
async function age(key: string, remainingMs: number): Promise<UserGrant> {
  const grant = await saved(key)
  const aged = {
    ...grant,
    issuedAt: Date.now() + remainingMs - 3_600_000,
    expiresAt: Date.now() + remainingMs,
  }
  await writeFile(fileOf(key), JSON.stringify(aged))
  return aged
}
const usersMe = async (accessToken: string) => {
  const response = await fetch(`${emulator.url}/v2/users/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  })
  return { status: response.status, id: ((await response.json()) as { id?: string }).id }
}
const token = (key: string, ...args: string[]) =>
  runCli(['token', '--user', key, '--store', dir, ...args], env)

describe('zoom-auth token --user', () => {
  it('prints the saved access token while it is fresh, without a refresh', async () => {
    const grant = await installUser(emulator, dir, 'alice')
    emulator.resetStats()
    const { code, stdout, stderr } = await token('alice')
    expect(code).toBe(0)
    expect(stderr).toBe('')
    expect(stdout).toBe(`${grant.accessToken}\n`)
    expect(emulator.stats.refreshGrants).toBe(0)
    expect(await usersMe(stdout.trim())).toEqual({ status: 200, id: 'alice' })
  })

  it('rotates a token with less than 5 minutes left and saves the new pair (still 0600)', async () => {
    const old = await installUser(emulator, dir, 'alice')
    await age('alice', 60_000)
    emulator.resetStats()
    const { code, stdout } = await token('alice', '--json')
    expect(code).toBe(0)
    const printed = JSON.parse(stdout) as { accessToken: string; expiresAt: string }
    expect(printed.accessToken).not.toBe(old.accessToken)
    expect(Date.parse(printed.expiresAt)).toBeGreaterThan(Date.now() + 3_000_000)
    const rotated = await saved('alice')
    expect(rotated.accessToken).toBe(printed.accessToken)
    expect(rotated.refreshToken).not.toBe(old.refreshToken)
    expect(rotated).not.toHaveProperty('refreshStartedAt')
    expect((await stat(fileOf('alice'))).mode & 0o777).toBe(0o600)
    expect(emulator.stats.refreshGrantsByUser).toEqual({ alice: 1 })
    expect(await usersMe(printed.accessToken)).toEqual({ status: 200, id: 'alice' })
    expect(stdout).not.toContain(rotated.refreshToken)
  })

  it('rotates an expired token; two runs at once rotate it once and print the same token', async () => {
    await installUser(emulator, dir, 'alice')
    await age('alice', -60_000)
    emulator.resetStats()
    const runs = await Promise.all([token('alice'), token('alice')])
    expect(runs.map((run) => run.code)).toEqual([0, 0])
    expect(runs[0]!.stdout).toBe(runs[1]!.stdout)
    expect(runs[0]!.stdout.trim()).toBe((await saved('alice')).accessToken)
    expect(emulator.stats.refreshGrants).toBe(1)
    expect(emulator.stats.refreshTokensPresentedTwice).toBe(0)
  })

  it('a refresh token Zoom refuses: one line saying to log in again, the grant marked dead and never sent again', async () => {
    const grant = await installUser(emulator, dir, 'alice')
    await age('alice', -60_000)
    emulator.revokeUserTokens('alice')
    emulator.resetStats()
    const line =
      'zoom-auth: the login of "alice" can no longer be used: Zoom refused the refresh token (invalid_grant) — run zoom-auth login again\n'
    const first = await token('alice')
    expect(first).toEqual({ code: 1, stdout: '', stderr: line })
    expect((await saved('alice')).dead).toMatchObject({ reason: 'invalid_grant' })
    const again = await token('alice')
    expect(again).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'zoom-auth: the login of "alice" can no longer be used: Zoom refused its refresh token — run zoom-auth login again\n',
    })
    expect(emulator.stats.deadRefreshTokenPresentations).toBe(1)
    for (const secret of [grant.accessToken, grant.refreshToken, emulator.credentials.clientSecret])
      expect(first.stderr + again.stderr).not.toContain(secret)
  })

  it('a rotation whose answer was lost (a run killed mid-refresh): the next run that must refresh says to log in again and sends nothing', async () => {
    await installUser(emulator, dir, 'alice')
    const aged = await age('alice', -60_000)
    // What a run killed after sending its refresh leaves: the mark, and its lease long over.
    await writeFile(
      fileOf('alice'),
      JSON.stringify({ ...aged, refreshStartedAt: Date.now() - 60_000 }),
    )
    emulator.resetStats()
    expect(await token('alice')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'zoom-auth: the login of "alice" can no longer be used: the answer to its last refresh was lost, so its refresh token may be dead — run zoom-auth login again\n',
    })
    expect(emulator.stats.tokenRequests).toBe(0)
    expect((await saved('alice')).dead).toMatchObject({ reason: 'answer_lost' })
  })

  it("no saved login, a file that is not a login, another app's login: one line each, exit 1", async () => {
    expect(await token('carol')).toEqual({
      code: 1,
      stdout: '',
      stderr: `zoom-auth: no login for "carol" in ${dir}: run zoom-auth login first (or pass the --store it used)\n`,
    })
    await writeFile(fileOf('garbage'), '{"accessToken": 12')
    expect(await token('garbage')).toEqual({
      code: 1,
      stdout: '',
      stderr: `zoom-auth: ${fileOf('garbage')} is not a zoom-auth login: remove it and run zoom-auth login again\n`,
    })
    const grant = await installUser(emulator, dir, 'bob')
    await writeFile(fileOf('bob'), JSON.stringify({ ...grant, clientId: 'another-app' }))
    const foreign = await token('bob')
    expect(foreign.code).toBe(1)
    expect(foreign.stderr).toBe(
      'zoom-auth: the login of "bob" was made for another app (client id another-app): run zoom-auth login again with this ZOOM_CLIENT_ID\n',
    )
    expect(foreign.stderr).not.toContain(grant.refreshToken)
  })

  it('names a missing variable of the user-level app, exit 2', async () => {
    const { ZOOM_CLIENT_SECRET: _, ...partial } = env
    const { code, stderr } = await runCli(['token', '--user', 'alice', '--store', dir], partial)
    expect(code).toBe(2)
    expect(stderr).toMatch(
      /^zoom-auth: ZOOM_CLIENT_SECRET is not set: export the user-level OAuth app's credentials[^\n]*\n$/,
    )
  })
})

describe('zoom-auth request --user', () => {
  it('calls the API as each user', async () => {
    await installUser(emulator, dir, 'alice')
    await installUser(emulator, dir, 'bob')
    for (const key of ['alice', 'bob']) {
      const { code, stdout } = await runCli(
        ['request', 'GET', '/v2/users/me', '--user', key, '--store', dir],
        env,
      )
      expect(code).toBe(0)
      expect(JSON.parse(stdout)).toMatchObject({ id: key })
    }
  })

  it('after a 401 rotates the user’s pair once, saves it and replays the call', async () => {
    const old = await installUser(emulator, dir, 'alice')
    emulator.revokeTokens() // access tokens only: the refresh token still works
    emulator.resetStats()
    const { code, stdout } = await runCli(
      [
        'request',
        'POST',
        '/v2/echo',
        '--data',
        '{"topic":"Standup"}',
        '--user',
        'alice',
        '--store',
        dir,
      ],
      env,
    )
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ method: 'POST', body: '{"topic":"Standup"}' })
    expect(emulator.stats.unauthorized).toBe(1)
    expect(emulator.stats.refreshGrantsByUser).toEqual({ alice: 1 })
    expect((await saved('alice')).refreshToken).not.toBe(old.refreshToken)
  })

  it('a user whose login is gone: one line, nothing sent', async () => {
    emulator.resetStats()
    const { code, stderr } = await runCli(
      ['request', 'GET', '/v2/users/me', '--user', 'nobody', '--store', dir],
      env,
    )
    expect(code).toBe(1)
    expect(stderr).toMatch(/^zoom-auth: no login for "nobody" in [^\n]+\n$/)
    expect(emulator.stats.apiRequests).toBe(0)
  })
})
