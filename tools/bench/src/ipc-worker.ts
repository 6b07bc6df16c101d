import { fork } from 'node:child_process'

/** A child process driven over IPC: commands out, replies back by `type`. */
export interface IpcWorker {
  /** The next message of `type`; rejects on an `error` message, an exit, or after `timeoutMs`. */
  reply(type: string): Promise<Record<string, unknown>>
  /** Sends `command` and waits for its reply of `replyType`. */
  request(command: Record<string, unknown>, replyType: string): Promise<Record<string, unknown>>
  kill(): void
}

/**
 * Forks `script` on plain node (not this process' tsx loader: workers run the built packages; a
 * TypeScript script passes `['--import', 'tsx']` as `execArgv`) with
 * `env` added to this process' environment (secrets travel there, never on a command line). Its
 * stdout and stderr are kept, not shown (peers print warnings); the last of them explains a
 * failure.
 *
 * @example
 * ```ts
 * const worker = startIpcWorker(WORKER, { BENCH_RACE_CONFIG: JSON.stringify(config) }, 'race worker')
 * await worker.reply('ready')
 * ```
 */
export function startIpcWorker(
  script: string,
  env: Record<string, string>,
  name: string,
  timeoutMs = 60_000,
  execArgv: string[] = [],
): IpcWorker {
  const child = fork(script, [], {
    execArgv,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  let output = ''
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2_000))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const reply = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const fail = (message: string) => {
        cleanup()
        reject(new Error(`${name}: ${message}${output.trim() ? `\n${output.trim()}` : ''}`))
      }
      const onMessage = (message: Record<string, unknown>) => {
        if (message['type'] === 'error') fail(String(message['message']))
        else if (message['type'] === type) {
          cleanup()
          resolve(message)
        }
      }
      const onExit = (code: number | null) => fail(`exited with code ${code} before "${type}"`)
      // A stuck worker fails the scenario instead of hanging the whole run.
      const timer = setTimeout(() => fail(`sent no "${type}" within ${timeoutMs} ms`), timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        child.off('message', onMessage)
        child.off('exit', onExit)
      }
      child.on('message', onMessage)
      child.once('exit', onExit)
    })
  return {
    reply,
    request(command, replyType) {
      const replied = reply(replyType)
      child.send(command)
      return replied
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill()
    },
  }
}
