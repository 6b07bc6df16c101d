import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { CliRun } from './run-cli.js'

const bin = fileURLToPath(new URL('../../../dist/bin.js', import.meta.url))

/** A `zoom-auth` process still running: what it printed so far, and its end. */
export interface RunningCli {
  /** Resolves the first match of `pattern` in stderr, as soon as it was printed. */
  stderrMatch(pattern: RegExp): Promise<RegExpMatchArray>
  /** Resolves once the process exited, with everything it printed. */
  done: Promise<CliRun>
}

/**
 * Starts the built `zoom-auth` bin with only the given ZOOM_* variables set, for commands that
 * wait on something (`login` waits for the browser). Killed after 60 s.
 */
export function startCli(args: string[], env: Record<string, string> = {}): RunningCli {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('ZOOM_')),
  )
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  })
  let stdout = ''
  let stderr = ''
  const watchers = new Set<() => void>()
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => void (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
    for (const watch of watchers) watch()
  })
  const done = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => {
      for (const watch of watchers) watch()
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr })
    })
  })
  let exited = false
  void done.then(() => (exited = true))

  return {
    done,
    stderrMatch(pattern) {
      return new Promise((resolve, reject) => {
        const watch = () => {
          const match = stderr.match(pattern)
          if (match) resolve(match)
          else if (exited || child.exitCode !== null)
            reject(new Error(`zoom-auth exited without printing ${pattern}:\n${stdout}${stderr}`))
          else return
          watchers.delete(watch)
        }
        watchers.add(watch)
        watch()
      })
    },
  }
}
