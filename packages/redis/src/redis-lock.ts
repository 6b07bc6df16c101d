import { randomUUID } from 'node:crypto'
import type { TokenStoreLock } from '@zoom-auth/core'
import { RELEASE_LOCK_IF_OWNER, RENEW_LOCK_IF_OWNER } from './lua-scripts.js'
import type { RedisCommands } from './redis-client.js'
import type { RunCommand } from './redis-command-runner.js'

/**
 * Tries to take the lock at `lockKey` for `ttlMs`: `SET NX PX` with a random owner, renewed and
 * released by Lua scripts that check the owner first, so a holder whose lease ran out never extends
 * or frees the lock someone took after it. Resolves the held lock, or `undefined` when another
 * holds it.
 *
 * @example
 * ```ts
 * const lock = await tryRedisLock(commands, run, `${prefix}{${key}}:lock`, 5_000)
 * ```
 */
export async function tryRedisLock(
  commands: RedisCommands,
  run: RunCommand,
  lockKey: string,
  ttlMs: number,
): Promise<TokenStoreLock | undefined> {
  const owner = randomUUID()
  let released: Promise<void> | undefined
  const held: TokenStoreLock = {
    renew: (leaseMs) =>
      run('renewLock', () =>
        commands.eval(RENEW_LOCK_IF_OWNER, [lockKey], [owner, String(leaseMsOf(leaseMs))]),
      ).then((renewed) => Number(renewed) === 1),
    release: () =>
      (released ??= run('unlock', () =>
        commands.eval(RELEASE_LOCK_IF_OWNER, [lockKey], [owner]),
      ).then(() => undefined)),
  }
  let gaveUp = false
  const acquired = await run('tryLock', () =>
    commands.setIfAbsent(lockKey, owner, leaseMsOf(ttlMs)).then((ok) => {
      // Acquired after we stopped waiting: nobody will work under this lock, so free it rather
      // than make the fleet wait for its lease.
      if (ok && gaveUp) held.release().catch(() => {})
      return ok
    }),
  ).catch((error: unknown) => {
    gaveUp = true
    throw error
  })
  return acquired ? held : undefined
}

/** Redis takes whole milliseconds, at least one. */
function leaseMsOf(ms: number): number {
  return Math.max(1, Math.ceil(ms))
}
