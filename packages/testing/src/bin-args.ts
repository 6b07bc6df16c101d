import type { ZoomEmulatorOptions, ZoomEmulatorUser } from './types.js'

/**
 * What the command line asks for.
 *
 * @example
 * ```ts
 * const command: BinCommand = { kind: 'error', message: 'unknown option --bogus' }
 * ```
 */
export type BinCommand =
  | { kind: 'start'; options: ZoomEmulatorOptions }
  | { kind: 'help' }
  | { kind: 'error'; message: string }

/**
 * `zoom-emulator --help`.
 *
 * @example
 * ```ts
 * process.stdout.write(BIN_USAGE)
 * ```
 */
export const BIN_USAGE = `Usage: zoom-emulator [options]

Starts a local Zoom (OAuth endpoints for Server-to-Server and user-level apps, and a
few /v2 API routes) on 127.0.0.1, prints its URL and credentials as environment
variables, and runs until SIGINT or SIGTERM.

Options:
  --port N               TCP port (default 0: a free one)
  --ttl SECONDS          token lifetime, expires_in (default 3600)
  --account-id ID        accepted account id (default emulator-account)
  --client-id ID         accepted client id (default emulator-client)
  --client-secret SECRET accepted client secret (default emulator-secret)
  --scopes A,B           scopes every token carries (default user:read:admin,meeting:read:admin)
  --rate-limit N         API requests allowed per second; beyond it 429 (default: no limit)
  --users ID[:ACCOUNT[:EMAIL]],...
                         users who can install the user-level OAuth app, the first
                         approving (default emulator-user)
  -h, --help             show this help
`

type Flag =
  'port' | 'ttl' | 'account-id' | 'client-id' | 'client-secret' | 'scopes' | 'rate-limit' | 'users'
const FLAGS = new Set<string>([
  'users',
  'port',
  'ttl',
  'account-id',
  'client-id',
  'client-secret',
  'scopes',
  'rate-limit',
])

/**
 * Parses `zoom-emulator`'s arguments (without `node` and the script). Never throws: a bad flag
 * is a `{ kind: 'error' }` whose message fits on one line.
 *
 * @example
 * ```ts
 * parseBinArgs(['--port', '9000', '--ttl=60'])
 * // { kind: 'start', options: { port: 9000, tokenTtlSeconds: 60 } }
 * ```
 */
export function parseBinArgs(args: readonly string[]): BinCommand {
  const values = new Map<Flag, string>()
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? ''
    if (arg === '--help' || arg === '-h') return { kind: 'help' }
    if (!arg.startsWith('--')) return error(`unexpected argument "${arg}"`)
    const equals = arg.indexOf('=')
    const name = equals < 0 ? arg.slice(2) : arg.slice(2, equals)
    if (!FLAGS.has(name)) return error(`unknown option --${name}`)
    let value: string | undefined
    if (equals >= 0) {
      value = arg.slice(equals + 1)
    } else {
      value = args[index + 1]
      index++
    }
    if (value === undefined || value === '' || (equals < 0 && value.startsWith('--'))) {
      return error(`--${name} needs a value`)
    }
    values.set(name as Flag, value)
  }

  const options: ZoomEmulatorOptions = {}
  for (const [name, value] of values) {
    switch (name) {
      case 'port': {
        const port = integer(value)
        if (port === undefined || port > 65_535)
          return error(`--port must be 0-65535, got "${value}"`)
        options.port = port
        break
      }
      case 'ttl': {
        const ttl = integer(value)
        if (ttl === undefined)
          return error(`--ttl must be a whole number of seconds, got "${value}"`)
        options.tokenTtlSeconds = ttl
        break
      }
      case 'rate-limit': {
        const limit = integer(value)
        if (limit === undefined) return error(`--rate-limit must be a whole number, got "${value}"`)
        options.rateLimit = { limit }
        break
      }
      case 'scopes':
        options.scopes = value.split(/[\s,]+/).filter((scope) => scope !== '')
        break
      case 'users': {
        const users = parseUsers(value)
        if (users === undefined) {
          return error(`--users must be ID[:ACCOUNT[:EMAIL]],..., got "${value}"`)
        }
        options.users = users
        break
      }
      case 'account-id':
        options.accountId = value
        break
      case 'client-id':
        options.clientId = value
        break
      case 'client-secret':
        options.clientSecret = value
        break
    }
  }
  return { kind: 'start', options }
}

// `alice,bob:acct-2:bob@example.com`: empty parts and extra colons are mistakes.
function parseUsers(value: string): ZoomEmulatorUser[] | undefined {
  const users: ZoomEmulatorUser[] = []
  for (const entry of value.split(',')) {
    const [id = '', accountId, email, ...rest] = entry.trim().split(':')
    if (id === '' || accountId === '' || email === '' || rest.length > 0) return undefined
    const user: ZoomEmulatorUser = { id }
    if (accountId !== undefined) user.accountId = accountId
    if (email !== undefined) user.email = email
    users.push(user)
  }
  return users
}

function integer(value: string): number | undefined {
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined
}

function error(message: string): BinCommand {
  return { kind: 'error', message }
}
