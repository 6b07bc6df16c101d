// The two commands as npm installed them: `zoom-emulator` (@zoom-auth/testing) and `zoom-auth`
// (@zoom-auth/cli), run through node_modules/.bin with the node running this script first on PATH.
import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { delimiter, dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import checks from './checks.cjs'

const { runChecks, describe } = checks
const BIN = join(process.cwd(), 'node_modules', '.bin')
const WRONG_SECRET = 'not-the-secret'

/** The environment without any real Zoom settings of the caller, with this node first on PATH. */
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('ZOOM_')),
)
baseEnv.PATH = [dirname(process.execPath), process.env.PATH].join(delimiter)

/** @returns {Promise<{ code: number | null, stdout: string, stderr: string }>} */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    execFile(
      join(BIN, command),
      args,
      { env: { ...baseEnv, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
        })
      },
    )
  })
}

const watchdog = setTimeout(() => {
  console.log('FAILED  bins › finished within 60 s')
  process.exit(1)
}, 60_000)

let emulator
let settings = {}
let failures = 1
try {
  failures = await runChecks('bins', [
    [
      'zoom-emulator starts and prints its settings',
      async () => {
        emulator = spawn(join(BIN, 'zoom-emulator'), ['--port', '0'], {
          env: baseEnv,
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        const lines = createInterface({ input: emulator.stdout })
        const exited = once(emulator, 'exit').then(([code]) => {
          throw new Error(`zoom-emulator exited with ${code}`)
        })
        const read = (async () => {
          for await (const line of lines) {
            const [name, ...value] = line.split('=')
            if (name) settings[name] = value.join('=')
            if (settings.ZOOM_CLIENT_SECRET) return
          }
        })()
        await Promise.race([read, exited])
        exited.catch(() => {})
        assert.match(settings.ZOOM_OAUTH_BASE_URL ?? '', /^http:\/\/127\.0\.0\.1:\d+$/)
        assert.ok(settings.ZOOM_ACCOUNT_ID && settings.ZOOM_CLIENT_ID)
      },
    ],
    [
      'zoom-auth token prints one token',
      async () => {
        const result = await run('zoom-auth', ['token'], settings)
        assert.equal(result.code, 0, result.stderr)
        assert.match(result.stdout, /^\S{16,}\n$/, 'not one token on one line')
      },
    ],
    [
      'zoom-auth request GET /v2/users/me prints the JSON answer',
      async () => {
        const result = await run('zoom-auth', ['request', 'GET', '/v2/users/me'], settings)
        assert.equal(result.code, 0, result.stderr)
        assert.equal(typeof JSON.parse(result.stdout), 'object')
      },
    ],
    [
      'zoom-auth token with a wrong secret: exit 1, one line, no secret',
      async () => {
        const result = await run('zoom-auth', ['token'], {
          ...settings,
          ZOOM_CLIENT_SECRET: WRONG_SECRET,
        })
        assert.equal(result.code, 1)
        assert.equal(result.stdout, '')
        assert.equal(result.stderr.trim().split('\n').length, 1, 'more than one line')
        assert.ok(!result.stderr.includes(WRONG_SECRET), 'the secret was printed')
      },
    ],
    [
      'zoom-auth demo passes its own checks',
      async () => {
        const result = await run('zoom-auth', ['demo', '--requests', '25'])
        assert.equal(result.code, 0, result.stdout.slice(-400))
      },
    ],
  ])
} catch (error) {
  console.log(`FAILED  bins › ${describe(error)}`)
} finally {
  emulator?.kill('SIGTERM')
  clearTimeout(watchdog)
}
process.exit(failures === 0 ? 0 : 1)
