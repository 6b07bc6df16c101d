import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const CHILD = fileURLToPath(new URL('./fleet-child.mjs', import.meta.url))
const BUILDS = ['../../../dist/index.js', '../../../../core/dist/index.js'].map((path) =>
  fileURLToPath(new URL(path, import.meta.url)),
)

export interface ChildConfig {
  redisUrl: string
  prefix: string
  oauthBaseUrl: string
  credentials: { accountId: string; clientId: string; clientSecret: string }
  client: 'ioredis' | 'node-redis'
  /** The provider's `storeTimeoutMs` (default 5 s here); the lock lease is three of them, at least 5 s. */
  storeTimeoutMs?: number
}

export interface ChildMessage {
  type: string
  [field: string]: unknown
}

/**
 * One child process of the fleet, spoken to in JSON lines over stdin/stdout. `script` is the
 * child's program (default: a token provider of a Server-to-Server app); it reads `config` from
 * the FLEET_CHILD_CONFIG environment variable.
 */
export class FleetChild {
  readonly #process: ChildProcess
  readonly #inbox: ChildMessage[] = []
  readonly #waiting: Array<(message: ChildMessage) => void> = []
  #stderr = ''

  constructor(config: object, script = CHILD) {
    this.#process = spawn(process.execPath, [script], {
      // The secret travels in the environment, never on a command line others can list.
      env: { ...process.env, FLEET_CHILD_CONFIG: JSON.stringify(config) },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.#process.stderr?.on('data', (chunk: Buffer) => (this.#stderr += chunk.toString()))
    createInterface({ input: this.#process.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as ChildMessage
      const waiter = this.#waiting.shift()
      if (waiter) waiter(message)
      else this.#inbox.push(message)
    })
    this.#process.on('exit', (code) => {
      for (const waiter of this.#waiting.splice(0)) {
        waiter({ type: 'exited', code, stderr: this.#stderr.slice(-2_000) })
      }
    })
  }

  /** The next message this child sends. */
  next(): Promise<ChildMessage> {
    const queued = this.#inbox.shift()
    if (queued) return Promise.resolve(queued)
    if (this.#process.exitCode !== null) {
      return Promise.resolve({ type: 'exited', code: this.#process.exitCode, stderr: this.#stderr })
    }
    return new Promise((resolve) => this.#waiting.push(resolve))
  }

  async expect(type: string): Promise<ChildMessage> {
    const message = await this.next()
    if (message.type !== type) {
      throw new Error(`child sent ${JSON.stringify(message)} where "${type}" was expected`)
    }
    return message
  }

  send(command: ChildMessage): void {
    this.#process.stdin!.write(`${JSON.stringify(command)}\n`)
  }

  /** Resolves once the process has exited, however it ended. */
  exited(): Promise<void> {
    if (this.#process.exitCode !== null || this.#process.signalCode !== null)
      return Promise.resolve()
    return new Promise((resolve) => this.#process.once('exit', () => resolve()))
  }

  kill(): void {
    if (this.#process.exitCode === null) this.#process.kill('SIGKILL')
  }
}

/** Children import the built packages: fail with a clear instruction when they are missing. */
export function assertBuilt(): void {
  const missing = BUILDS.filter((path) => !existsSync(path))
  if (missing.length > 0) {
    throw new Error(
      `the fleet test runs the built packages; missing ${missing.join(', ')}. ` +
        'Run `pnpm nx run @zoom-auth/redis:test` (it builds first) or `pnpm nx run @zoom-auth/redis:build`.',
    )
  }
}
