import { parseArgs } from 'node:util'
import { CliError } from './cli-error.js'
import { demoCommand } from './commands/demo.js'
import { requestCommand } from './commands/request.js'
import { tokenCommand } from './commands/token.js'
import { describeError } from './describe-error.js'
import type { CliIo } from './io.js'

export const USAGE = `Usage: zoom-auth <command> [options]

Commands:
  token [--json]                        print an access token (--json: with expiry, scopes, api_url)
  request <METHOD> <PATH> [--data JSON] call the Zoom API, e.g. request GET /v2/users/me
  demo [--requests N]                   run every adapter against a local Zoom emulator (or real Zoom
                                        when ZOOM_* is set), revoke tokens halfway, print a summary

Environment:
  ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET   the Server-to-Server OAuth app's credentials
  ZOOM_OAUTH_BASE_URL   default https://zoom.us (https://zoomgov.com for Zoom for Government)
  ZOOM_API_BASE_URL     default: the token's api_url, else https://api.zoom.us
`

/** Runs one CLI invocation; resolves the exit code. Errors become one line on stderr. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        data: { type: 'string' },
        requests: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
    const [command, ...rest] = positionals
    if (values.help || command === 'help') {
      io.stdout(USAGE)
      return 0
    }
    switch (command) {
      case 'token':
        await tokenCommand(io, { json: values.json })
        break
      case 'request':
        await requestCommand(io, rest[0], rest[1], values.data)
        break
      case 'demo':
        return await demoCommand(io, { requestsPerClient: requestCount(values.requests) })
      default:
        throw new CliError(
          command ? `unknown command "${command}" (try: zoom-auth --help)` : USAGE.trimEnd(),
          2,
        )
    }
    return 0
  } catch (error) {
    const { message, exitCode } = parseArgsError(error) ?? describeError(error)
    io.stderr(`zoom-auth: ${message}\n`)
    return exitCode
  }
}

function requestCount(text: string | undefined): number {
  if (text === undefined) return 250
  const count = Number(text)
  if (!Number.isInteger(count) || count < 1 || count > 100_000)
    throw new CliError('--requests must be a whole number from 1 to 100000', 2)
  return count
}

function parseArgsError(error: unknown): { message: string; exitCode: number } | undefined {
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
    return { message: `${(error as Error).message} (try: zoom-auth --help)`, exitCode: 2 }
  return undefined
}
