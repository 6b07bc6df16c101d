import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const TSX = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url))
const BIN = fileURLToPath(new URL('../bin.ts', import.meta.url))

const children: ChildProcess[] = []

// tsx runs the bin in a child process of its own: on failure, end the whole process group.
afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, 'SIGKILL')
    }
  }
})

function runBin(
  args: string[],
): ChildProcess & { output: () => { stdout: string; stderr: string } } {
  const child = spawn(TSX, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  return Object.assign(child, { output: () => ({ stdout, stderr }) })
}

/** Resolves with the printed variables once all five lines are out. */
async function printedEnv(child: ReturnType<typeof runBin>): Promise<Record<string, string>> {
  while (!child.output().stdout.includes('ZOOM_CLIENT_SECRET=')) {
    await Promise.race([once(child.stdout!, 'data'), once(child, 'exit')])
    if (child.exitCode !== null) throw new Error(`bin exited: ${child.output().stderr}`)
  }
  return Object.fromEntries(
    child
      .output()
      .stdout.trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  )
}

describe('zoom-emulator (bin)', () => {
  it(
    'prints its URL and credentials, issues tokens, and stops on SIGTERM',
    { timeout: 30_000 },
    async () => {
      const child = runBin(['--port', '0', '--ttl', '120', '--client-secret', 'bin-secret'])
      const env = await printedEnv(child)
      expect(Object.keys(env)).toEqual([
        'ZOOM_OAUTH_BASE_URL',
        'ZOOM_API_BASE_URL',
        'ZOOM_ACCOUNT_ID',
        'ZOOM_CLIENT_ID',
        'ZOOM_CLIENT_SECRET',
      ])
      expect(env.ZOOM_OAUTH_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(env.ZOOM_API_BASE_URL).toBe(env.ZOOM_OAUTH_BASE_URL)
      expect(env.ZOOM_CLIENT_SECRET).toBe('bin-secret')

      const response = await fetch(`${env.ZOOM_OAUTH_BASE_URL}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${btoa(`${env.ZOOM_CLIENT_ID}:${env.ZOOM_CLIENT_SECRET}`)}`,
        },
        body: new URLSearchParams({
          grant_type: 'account_credentials',
          account_id: env.ZOOM_ACCOUNT_ID ?? '',
        }),
      })
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ expires_in: 120 })

      child.kill('SIGTERM')
      const [code] = (await once(child, 'exit')) as [number | null]
      expect(code).toBe(0)
    },
  )

  it('exits 2 with a one-line message on a bad flag', { timeout: 30_000 }, async () => {
    const child = runBin(['--port', 'eighty'])
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(2)
    expect(child.output().stdout).toBe('')
    expect(child.output().stderr).toBe(
      'zoom-emulator: --port must be 0-65535, got "eighty" (see --help)\n',
    )
  })

  it('prints usage with --help and exits 0', { timeout: 30_000 }, async () => {
    const child = runBin(['--help'])
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(0)
    expect(child.output().stdout).toMatch(/^Usage: zoom-emulator/)
  })
})
