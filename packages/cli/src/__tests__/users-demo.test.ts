import { describe, expect, it } from 'vitest'
import { runCli } from './support/run-cli.js'

describe('zoom-auth demo --users', () => {
  it('20 users on every client through a rotation storm: one refresh per user per storm, none presented twice, the revoked user logged out alone', async () => {
    const { code, stdout, stderr } = await runCli(['demo', '--users', '20', '--requests', '100'])
    expect(stderr).toContain('20 users installed (authorization code with PKCE)')
    expect(stderr).toContain('requests 500/500')
    for (const client of ['axios', 'ky', 'got', 'fetch', 'undici'])
      expect(stdout).toMatch(new RegExp(`\\| ${client} +\\| 100 +\\| \\d+ +\\| \\d+ +\\|`))
    expect(stdout).toMatch(
      /\| user +\| requests +\| ok +\| failed +\| 401s +\| refreshes +\| refused +\| presented twice +\|/,
    )
    // The odd users' tokens were expired too: two refreshes; the even ones one; user-20 one, then refused.
    expect(stdout).toMatch(/\| user-01 +\| \d+ +\| \d+ +\| 0 +\| \d+ +\| 2 +\| 0 +\| 0 +\|/)
    expect(stdout).toMatch(/\| user-02 +\| \d+ +\| \d+ +\| 0 +\| \d+ +\| 1 +\| 0 +\| 0 +\|/)
    expect(stdout).toMatch(/\| user-20 +\| \d+ +\| \d+ +\| [1-9]\d* +\| \d+ +\| 1 +\| 1 +\| 0 +\|/)
    expect(stdout).toContain('refresh requests:               31 (30 rotations, 1 refused)')
    expect(stdout).toContain('refresh tokens presented twice: 0')
    expect(stdout).toContain('users logged out:               1 (user-20)')
    expect(stdout).toContain('user-20: first failure: reauthorization_required')
    for (const check of [
      '✓ 20 users installed, each under its Zoom user id',
      '✓ one refresh per user per storm: 20 after the revocation, 10 after the expiry',
      '✓ no refresh token presented twice',
      '✓ user-20, revoked at Zoom, logged out after one refused refresh',
      '✓ every answer came from the user its request named',
      '✓ every request of the other 19 users succeeded',
    ])
      expect(stdout).toContain(check)
    expect(stdout).not.toContain('✗')
    expect(code).toBe(0)
  })

  it('runs on the emulator even with ZOOM_* set, and says so', async () => {
    const { code, stderr } = await runCli(['demo', '--users', '3', '--requests', '12'], {
      ZOOM_ACCOUNT_ID: 'a',
      ZOOM_CLIENT_ID: 'b',
      ZOOM_CLIENT_SECRET: 'c',
    })
    expect(stderr).toContain(
      'ZOOM_* is ignored: --users installs its users in the bundled emulator',
    )
    expect(code).toBe(0)
  })

  it.each([
    [['demo', '--users', '1'], /--users must be a whole number from 2 to 1000/],
    [['demo', '--users', 'many'], /--users must be a whole number/],
    [
      ['demo', '--users', '20', '--requests', '50'],
      /--requests must be at least 4 × --users \(80\)/,
    ],
  ])('rejects %j with exit 2', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(message)
  })
})
