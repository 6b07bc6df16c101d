import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './support/run-cli.js'

let emulator: ZoomEmulator
let env: Record<string, string>

beforeAll(async () => {
  emulator = await startZoomEmulator()
  env = {
    ZOOM_ACCOUNT_ID: emulator.credentials.accountId,
    ZOOM_CLIENT_ID: emulator.credentials.clientId,
    ZOOM_CLIENT_SECRET: emulator.credentials.clientSecret,
    ZOOM_OAUTH_BASE_URL: emulator.url,
  }
})
afterAll(() => emulator.close())

describe('zoom-auth token', () => {
  it('prints a token the API accepts, and nothing else', async () => {
    const { code, stdout } = await runCli(['token'], env)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^\S+\n$/)
    const response = await fetch(`${emulator.url}/v2/users/me`, {
      headers: { authorization: `Bearer ${stdout.trim()}` },
    })
    expect(response.status).toBe(200)
  })

  it('prints expiry, scopes and api_url with --json, never the secret', async () => {
    const { code, stdout } = await runCli(['token', '--json'], env)
    expect(code).toBe(0)
    const token = JSON.parse(stdout) as Record<string, unknown>
    expect(token).toMatchObject({ tokenType: 'bearer', apiUrl: emulator.url })
    expect(Date.parse(token['expiresAt'] as string)).toBeGreaterThan(Date.now())
    expect(token['scopes']).toBeInstanceOf(Array)
    expect(stdout).not.toContain(emulator.credentials.clientSecret)
  })
})

describe('zoom-auth request', () => {
  it('GETs an API path and prints the JSON response', async () => {
    const { code, stdout } = await runCli(['request', 'GET', '/v2/users/me'], env)
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toHaveProperty('email')
  })

  it('sends --data as a JSON body', async () => {
    const { code, stdout } = await runCli(
      ['request', 'POST', '/v2/echo', '--data', '{"topic":"Standup"}'],
      env,
    )
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({
      method: 'POST',
      contentType: 'application/json',
      body: '{"topic":"Standup"}',
    })
  })

  it('uses ZOOM_API_BASE_URL when given', async () => {
    const { code } = await runCli(['request', 'get', 'v2/users/me'], {
      ...env,
      ZOOM_API_BASE_URL: emulator.url,
    })
    expect(code).toBe(0)
  })

  it('says which API host it could not reach, exit 1', async () => {
    const closed = await startZoomEmulator()
    await closed.close()
    const { code, stderr } = await runCli(['request', 'GET', '/v2/users/me'], {
      ...env,
      ZOOM_API_BASE_URL: closed.url,
    })
    expect(code).toBe(1)
    expect(stderr).toBe(
      `zoom-auth: could not reach ${closed.url} (ECONNREFUSED) — check ZOOM_API_BASE_URL and your network\n`,
    )
  })

  it('keeps a path that starts with // on the API host', async () => {
    const { code, stdout } = await runCli(['request', 'GET', '//v2/echo'], env)
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ path: '/v2/echo' })
  })

  it('fails with one line and exit 1 on an HTTP error', async () => {
    const { code, stderr } = await runCli(['request', 'GET', '/v2/forbidden'], env)
    expect(code).toBe(1)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain('HTTP 403')
  })
})

describe('bad input', () => {
  it.each(['ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET'])(
    'names a missing %s in one line, exit 2',
    async (name) => {
      const { [name]: _missing, ...partial } = env
      const { code, stdout, stderr } = await runCli(['token'], partial)
      expect(code).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toMatch(new RegExp(`^zoom-auth: ${name} is not set[^\\n]*\\n$`))
    },
  )

  it('says the credentials were rejected, without a stack trace or the secret', async () => {
    const secret = 'wrong-secret-value-123'
    const { code, stderr } = await runCli(['token'], { ...env, ZOOM_CLIENT_SECRET: secret })
    expect(code).toBe(1)
    expect(stderr).toMatch(/^zoom-auth: invalid_client .*ZOOM_CLIENT_SECRET\n$/)
    expect(stderr).not.toContain(secret)
    expect(stderr).not.toContain('    at ')
  })

  it('says where it could not connect', async () => {
    const { code, stderr } = await runCli(['token'], {
      ...env,
      ZOOM_OAUTH_BASE_URL: 'http://127.0.0.1:1',
    })
    expect(code).toBe(1)
    expect(stderr).toMatch(/^zoom-auth: network_error .*ZOOM_OAUTH_BASE_URL[^\n]*\n$/)
  })

  it.each([
    [['bogus'], /unknown command "bogus"/],
    [['request', 'FETCH', '/v2/users/me'], /usage: zoom-auth request/],
    [['request', 'POST', '/v2/echo', '--data', '{oops'], /--data must be valid JSON/],
    [['request', 'GET', '/v2/echo', '--data', '{}'], /--data needs POST, PUT, PATCH or DELETE/],
    [['token', '--nope'], /Unknown option/],
    [['token'], /ZOOM_OAUTH_BASE_URL must be an absolute URL/],
  ])('rejects %j with exit 2', async (args, message) => {
    const overrides =
      args[0] === 'token' && args.length === 1 ? { ZOOM_OAUTH_BASE_URL: 'not a url' } : {}
    const { code, stderr } = await runCli(args, { ...env, ...overrides })
    expect(code).toBe(2)
    expect(stderr).toMatch(message)
  })

  it('prints usage with --help', async () => {
    const { code, stdout } = await runCli(['--help'])
    expect(code).toBe(0)
    expect(stdout).toContain('Usage: zoom-auth <command>')
  })
})

describe('zoom-auth demo', () => {
  it('runs every adapter against the emulator: one token until the revocation, one refresh after, no failures', async () => {
    const { code, stdout, stderr } = await runCli(['demo', '--requests', '100'])
    expect(stderr).toContain('requests 500/500')
    expect(stdout).toMatch(
      /\| client +\| requests +\| ok +\| failed +\| 401 recovered +\| p50 ms +\| p99 ms +\|/,
    )
    for (const client of ['axios', 'ky', 'got', 'fetch', 'undici'])
      expect(stdout).toMatch(new RegExp(`\\| ${client} +\\| 100 +\\| 100 +\\| 0 +\\|`))
    expect(stdout).toContain('token requests:        2 (1 before the revocation, 1 after)')
    expect(stdout).toContain('✓ one token served all 5 clients until the revocation')
    expect(stdout).toContain('✓ exactly one refresh after the revocation')
    expect(stdout).not.toContain('✗')
    expect(code).toBe(0)
  })

  it('with ZOOM_* set, says why requests failed', async () => {
    emulator.failNextApiRequests({ status: 403 }, 15)
    const { code, stdout } = await runCli(['demo'], { ...env, ZOOM_API_BASE_URL: emulator.url })
    expect(code).toBe(1)
    for (const client of ['axios', 'ky', 'got', 'fetch', 'undici'])
      expect(stdout).toContain(`${client}: first failure: HTTP 403`)
  })

  it('with ZOOM_* set, says why requests could not be sent', async () => {
    const { code, stdout } = await runCli(['demo'], {
      ...env,
      ZOOM_API_BASE_URL: 'http://api.example.test',
    })
    expect(code).toBe(1)
    expect(stdout).toContain('fetch: first failure: insecure_url')
    expect(stdout).toContain('undici: first failure: insecure_url')
  })
})
