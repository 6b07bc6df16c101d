import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { userAppEnv } from './support/install-user.js'
import { runCli } from './support/run-cli.js'
import { startCli } from './support/start-cli.js'

let emulator: ZoomEmulator
let env: Record<string, string>
let dir: string

beforeAll(async () => {
  emulator = await startZoomEmulator({
    users: [{ id: 'alice', accountId: 'acct-a' }, { id: 'bob' }],
  })
  env = userAppEnv(emulator)
})
afterAll(() => emulator.close())
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zoom-auth-login-'))
  emulator.resetStats()
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const AUTHORIZE_URL = /^ {2}(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)$/m

/** Plays the browser: opens the printed URL; the emulator approves and sends it to the callback. */
async function authorize(url: string): Promise<{ code: string | null; page: Response }> {
  const redirect = await fetch(url, { redirect: 'manual' })
  const callback = new URL(redirect.headers.get('location')!)
  const page = await fetch(callback)
  return { code: callback.searchParams.get('code'), page }
}

/** Nothing a login must keep to itself appears in what it printed. */
async function expectNoSecret(printed: string, ...secrets: Array<string | null | undefined>) {
  for (const secret of [emulator.credentials.clientSecret, ...secrets]) {
    if (secret) expect(printed).not.toContain(secret)
  }
  expect(printed).not.toMatch(/\n\s+at /)
}

describe('zoom-auth login', () => {
  it('prints the authorize URL, completes the callback, saves the grant in a 0600 file and says where', async () => {
    emulator.approveAs('alice')
    const cli = startCli(['login', '--port', '0', '--store', dir], env)
    const [, url] = await cli.stderrMatch(AUTHORIZE_URL)
    const authorizeUrl = new URL(url!)
    const redirectUri = new URL(authorizeUrl.searchParams.get('redirect_uri')!)
    expect(redirectUri.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authorizeUrl.searchParams.get('client_id')).toBe(emulator.credentials.clientId)
    // A request for anything but the callback does not end the login.
    expect((await fetch(new URL('/favicon.ico', redirectUri))).status).toBe(404)

    const { code, page } = await authorize(url!)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Logged in as alice. You can close this tab.')
    const { code: exit, stdout, stderr } = await cli.done
    expect(exit).toBe(0)
    const file = join(dir, 'alice.json')
    expect(stdout).toBe(
      `Logged in as alice (account acct-a): saved to ${file} (readable only by you)\n`,
    )
    expect(stderr).toContain('Next: zoom-auth token --user alice')

    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
    const grant = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
    expect(grant).toMatchObject({
      clientId: emulator.credentials.clientId,
      userId: 'alice',
      accountId: 'acct-a',
    })
    expect(emulator.stats.authorizationCodeGrants).toBe(1)
    await expectNoSecret(
      stdout + stderr,
      code,
      grant['accessToken'] as string,
      grant['refreshToken'] as string,
    )
    // The state is sealed: the verifier never travels in the clear, and no file holds it.
    expect((await readFile(file, 'utf8')).includes(authorizeUrl.searchParams.get('state')!)).toBe(
      false,
    )
  })

  it('saves under --user KEY without asking Zoom who the user is', async () => {
    emulator.approveAs('bob')
    const cli = startCli(['login', '--port', '0', '--store', dir, '--user', 'me'], env)
    const [, url] = await cli.stderrMatch(AUTHORIZE_URL)
    await authorize(url!)
    const { code, stdout } = await cli.done
    expect(code).toBe(0)
    expect(stdout).toBe(
      `Logged in as me: saved to ${join(dir, 'me.json')} (readable only by you)\n`,
    )
    expect(emulator.stats.apiRequestsByRoute['GET /v2/users/me']).toBeUndefined()
  })

  it('serves a loopback --redirect-uri on its own port and path', async () => {
    const port = await freePort()
    const redirectUri = `http://127.0.0.1:${port}/zoom/callback`
    const cli = startCli(['login', '--redirect-uri', redirectUri, '--store', dir], env)
    const [, url] = await cli.stderrMatch(AUTHORIZE_URL)
    expect(new URL(url!).searchParams.get('redirect_uri')).toBe(redirectUri)
    const { page } = await authorize(url!)
    expect(page.status).toBe(200)
    expect((await cli.done).code).toBe(0)
  })

  it('keeps users in $ZOOM_AUTH_STORE_DIR, else under $XDG_CONFIG_HOME or ~/.config, and closes the directory to others', async () => {
    const home = join(dir, 'home')
    await mkdir(join(home, '.config'), { recursive: true, mode: 0o755 })
    for (const [extra, expected] of [
      [{ HOME: home }, join(home, '.config', 'zoom-auth', 'users')],
      [{ HOME: home, XDG_CONFIG_HOME: join(dir, 'xdg') }, join(dir, 'xdg', 'zoom-auth', 'users')],
      [{ HOME: home, ZOOM_AUTH_STORE_DIR: join(dir, 'chosen') }, join(dir, 'chosen')],
    ] as const) {
      emulator.approveAs('alice')
      const cli = startCli(['login', '--port', '0'], { ...env, ...extra })
      const [, url] = await cli.stderrMatch(AUTHORIZE_URL)
      await authorize(url!)
      const { code, stdout } = await cli.done
      expect(code).toBe(0)
      expect(stdout).toContain(`saved to ${join(expected, 'alice.json')}`)
      expect((await stat(expected)).mode & 0o777).toBe(0o700)
    }
    // An existing --store directory that others could read is closed too.
    const open = join(dir, 'open')
    await mkdir(open, { mode: 0o755 })
    const cli = startCli(['login', '--port', '0', '--store', open], env)
    await authorize((await cli.stderrMatch(AUTHORIZE_URL))[1]!)
    expect((await cli.done).code).toBe(0)
    expect((await stat(open)).mode & 0o777).toBe(0o700)
  })
})

describe('zoom-auth login: what goes wrong says so in one line', () => {
  it('a user who declines: exit 1, nothing saved, the browser told', async () => {
    emulator.denyNextAuthorization()
    const cli = startCli(['login', '--port', '0', '--store', dir], env)
    const { page } = await authorize((await cli.stderrMatch(AUTHORIZE_URL))[1]!)
    expect(page.status).toBe(400)
    expect(await page.text()).toContain('zoom-auth login failed: the app was not authorized')
    const { code, stdout, stderr } = await cli.done
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr.split('\n').at(-2)).toBe(
      'zoom-auth: the app was not authorized (access_denied: declined on Zoom’s page) — run zoom-auth login again to retry',
    )
    expect(stderr).not.toContain('Next:')
    await expect(stat(join(dir, 'alice.json'))).rejects.toThrow(/ENOENT/)
    await expectNoSecret(stdout + stderr)
  })

  it('a callback this login did not start (a forged state): exit 1', async () => {
    const cli = startCli(['login', '--port', '0', '--store', dir], env)
    const url = new URL((await cli.stderrMatch(AUTHORIZE_URL))[1]!)
    const callback = new URL(url.searchParams.get('redirect_uri')!)
    callback.search = 'code=stolen-code-123&state=forged'
    expect((await fetch(callback)).status).toBe(400)
    const { code, stderr } = await cli.done
    expect(code).toBe(1)
    expect(stderr.split('\n').at(-2)).toBe(
      'zoom-auth: the callback does not belong to this login (invalid_state) — run zoom-auth login again',
    )
    expect(emulator.stats.tokenRequests).toBe(0)
    await expectNoSecret(stderr, 'stolen-code-123')
  })

  it('a port in use: exit 1 before anything is printed to open', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const { port } = taken.address() as AddressInfo
    try {
      const { code, stdout, stderr } = await runCli(
        ['login', '--port', String(port), '--store', dir],
        env,
      )
      expect(code).toBe(1)
      expect(stdout).toBe('')
      expect(stderr).toBe(
        `zoom-auth: port ${port} on 127.0.0.1 is in use: stop what listens there, or pick another with --port (the redirect URI registered for the app must name the same port)\n`,
      )
    } finally {
      taken.close()
    }
  })

  it.each([
    [
      { ZOOM_CLIENT_ID: '' },
      ['login'],
      /^zoom-auth: ZOOM_CLIENT_ID is not set: export the user-level OAuth app's credentials/,
    ],
    [{ ZOOM_CLIENT_SECRET: '' }, ['login'], /^zoom-auth: ZOOM_CLIENT_SECRET is not set/],
    [{}, ['login', '--port', 'http'], /--port must be a port number/],
    [
      {},
      ['login', '--redirect-uri', 'http://app.example.com/cb'],
      /--redirect-uri must be an https URL, or http on 127\.0\.0\.1/,
    ],
    [
      {},
      ['login', '--port', '5000', '--redirect-uri', 'http://127.0.0.1:4199/callback'],
      /name different ports/,
    ],
    [{}, ['login', '--oauth-base-url', 'zoom.us'], /--oauth-base-url must be an absolute URL/],
    [{}, ['login', '--user', ''], /--user needs a value/],
  ])('usage mistakes exit 2 in one line: %j %j', async (overrides, args, message) => {
    const { code, stdout, stderr } = await runCli([...args, '--store', dir], {
      ...env,
      ...overrides,
    })
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(message)
    expect(stderr.split('\n')).toHaveLength(2)
    await expectNoSecret(stderr)
  })

  it('an OAuth host that is not https says so, exit 2', async () => {
    const { code, stderr } = await runCli(
      ['login', '--port', '0', '--store', dir, '--oauth-base-url', 'http://zoom.example.com'],
      env,
    )
    expect(code).toBe(2)
    expect(stderr).toMatch(/^zoom-auth: .*https.*\(check the ZOOM_\* variables\)\n$/)
  })
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
