import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'

/** The emulator running in a process of its own, so its work doesn't share the client's core. */
export interface EmulatorProcess {
  url: string
  host: string
  credentials: { accountId: string; clientId: string; clientSecret: string }
  stop(): Promise<void>
}

/**
 * Starts `zoom-emulator` (the built bin of @zoom-auth/testing) in a child process and reads the
 * URL and credentials it prints.
 */
export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const require = createRequire(import.meta.url)
  const bin = join(dirname(require.resolve('@zoom-auth/testing/package.json')), 'dist', 'bin.js')
  const child = spawn(process.execPath, [bin, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // Its "listening" banner is noise in the report; kept only to explain a failed start.
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const printed = new Map<string, string>()
  const lines = createInterface({ input: child.stdout })
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) =>
        reject(new Error(`zoom-emulator exited with code ${code}: ${stderr.trim()}`)),
      )
      lines.on('line', (line) => {
        const equals = line.indexOf('=')
        if (equals > 0) printed.set(line.slice(0, equals), line.slice(equals + 1))
        if (printed.has('ZOOM_CLIENT_SECRET')) resolve()
      })
    })
  } catch (error) {
    child.kill()
    throw error
  }
  lines.close()
  const url = printed.get('ZOOM_OAUTH_BASE_URL') ?? ''
  return {
    url,
    host: new URL(url).host,
    credentials: {
      accountId: printed.get('ZOOM_ACCOUNT_ID') ?? '',
      clientId: printed.get('ZOOM_CLIENT_ID') ?? '',
      clientSecret: printed.get('ZOOM_CLIENT_SECRET') ?? '',
    },
    stop: async () => {
      child.kill('SIGTERM')
      await exited
    },
  }
}
