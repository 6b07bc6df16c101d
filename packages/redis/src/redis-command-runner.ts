import type { RedisCommands } from './redis-client.js'
import { RedisTokenStoreError } from './redis-token-store-error.js'

/**
 * Runs one store operation's Redis command, or rejects with a {@link RedisTokenStoreError}:
 * `unavailable` at once while the client says it is disconnected, `timeout` after
 * `commandTimeoutMs`.
 */
export type RunCommand = <T>(operation: string, command: () => Promise<T>) => Promise<T>

/**
 * The command runner both stores share: a caller is never kept waiting on Redis longer than
 * `commandTimeoutMs`, and never at all while the client is offline.
 *
 * @example
 * ```ts
 * const run = createCommandRunner(commands, 1_000)
 * const value = await run('get', () => commands.get(key))
 * ```
 */
export function createCommandRunner(commands: RedisCommands, commandTimeoutMs: number): RunCommand {
  return async function run<T>(operation: string, command: () => Promise<T>): Promise<T> {
    if (commands.isOffline()) {
      // Queueing would only delay the provider until its store timeout; say "no" at once instead.
      throw new RedisTokenStoreError('unavailable', `Redis client is disconnected (${operation})`)
    }
    let timer: NodeJS.Timeout | undefined
    const pending = command()
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new RedisTokenStoreError(
              'timeout',
              `Redis did not answer ${operation} within ${commandTimeoutMs} ms`,
            ),
          ),
        commandTimeoutMs,
      )
      timer.unref()
    })
    // A late failure of a command we stopped waiting for must not become an unhandled rejection.
    pending.catch(() => {})
    try {
      return await Promise.race([pending, timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}
