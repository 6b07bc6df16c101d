import { parseArgs } from 'node:util'
import { CliError } from './cli-error.js'
import { demoCommand } from './commands/demo.js'
import { DEFAULT_LOGIN_PORT, loginCommand } from './commands/login.js'
import { requestCommand } from './commands/request.js'
import { tokenCommand } from './commands/token.js'
import { usersDemoCommand } from './commands/users-demo.js'
import { describeError } from './describe-error.js'
import type { CliIo } from './io.js'

export const USAGE = `Usage: zoom-auth <command> [options]

Commands:
  token [--json]                        print an access token (--json: with expiry, scopes, api_url)
  request <METHOD> <PATH> [--data JSON] call the Zoom API, e.g. request GET /v2/users/me
  demo [--requests N] [--users N]       run every adapter against a local Zoom emulator (or real Zoom
                                        when ZOOM_* is set), revoke tokens halfway, print a summary;
                                        --users N: N users of a user-level app in a rotation storm

User-level OAuth apps (a user logs in once; the pair is saved in a file only you can read):
  login [--port N] [--redirect-uri URL] [--user KEY] [--scope SCOPES]
                                        print Zoom's authorize URL, wait for the browser on
                                        http://127.0.0.1:${DEFAULT_LOGIN_PORT}/callback, save the user
  token --user KEY [--json]             print the user's access token (rotated and saved when due)
  request <METHOD> <PATH> --user KEY    call the Zoom API as the user
  --store DIR                           where users are saved (default ~/.config/zoom-auth/users)
  --oauth-base-url URL                  the OAuth host (as ZOOM_OAUTH_BASE_URL)

Environment:
  ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET   the Server-to-Server OAuth app's credentials
  ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET    the user-level OAuth app's (login, --user)
  ZOOM_OAUTH_BASE_URL   default https://zoom.us (https://zoomgov.com for Zoom for Government)
  ZOOM_API_BASE_URL     default: the token's api_url, else https://api.zoom.us
  ZOOM_AUTH_STORE_DIR   default for --store
`

/** Runs one CLI invocation; resolves the exit code. Errors become one line on stderr. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let flow: 's2s' | 'user' = 's2s'
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        data: { type: 'string' },
        requests: { type: 'string' },
        users: { type: 'string' },
        user: { type: 'string' },
        store: { type: 'string' },
        port: { type: 'string' },
        'redirect-uri': { type: 'string' },
        'oauth-base-url': { type: 'string' },
        scope: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
    const [command, ...rest] = positionals
    if (values.help || command === 'help') {
      io.stdout(USAGE)
      return 0
    }
    if (command === 'login' || values.user !== undefined) flow = 'user'
    const user = values.user === undefined ? undefined : nonEmpty(values.user, '--user')
    const store = values.store === undefined ? undefined : nonEmpty(values.store, '--store')
    const env = withOAuthBaseUrl(io, values['oauth-base-url'])
    switch (command) {
      case 'login':
        await loginCommand(env, {
          port: values.port === undefined ? undefined : portNumber(values.port),
          redirectUri: values['redirect-uri'],
          store,
          user,
          scope: values.scope,
        })
        break
      case 'token':
        await tokenCommand(env, { json: values.json, user, store })
        break
      case 'request':
        await requestCommand(env, rest[0], rest[1], { data: values.data, user, store })
        break
      case 'demo':
        if (values.users !== undefined)
          return await usersDemoCommand(io, {
            users: userCount(values.users),
            requestsPerClient:
              values.requests === undefined ? undefined : requestCount(values.requests),
          })
        return await demoCommand(io, { requestsPerClient: requestCount(values.requests) })
      default:
        throw new CliError(
          command ? `unknown command "${command}" (try: zoom-auth --help)` : USAGE.trimEnd(),
          2,
        )
    }
    return 0
  } catch (error) {
    const { message, exitCode } = parseArgsError(error) ?? describeError(error, flow)
    io.stderr(`zoom-auth: ${message}\n`)
    return exitCode
  }
}

/** `--oauth-base-url` wins over `ZOOM_OAUTH_BASE_URL`: the commands read it from there. */
function withOAuthBaseUrl(io: CliIo, url: string | undefined): CliIo {
  if (url === undefined) return io
  if (!URL.canParse(url))
    throw new CliError('--oauth-base-url must be an absolute URL, e.g. https://zoom.us', 2)
  return { ...io, env: { ...io.env, ZOOM_OAUTH_BASE_URL: url } }
}

function nonEmpty(value: string, flag: string): string {
  if (value.trim() === '') throw new CliError(`${flag} needs a value`, 2)
  return value
}

function portNumber(text: string): number {
  const port = Number(text)
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new CliError('--port must be a port number from 0 (any free port) to 65535', 2)
  return port
}

function requestCount(text: string | undefined): number {
  if (text === undefined) return 250
  const count = Number(text)
  if (!Number.isInteger(count) || count < 1 || count > 100_000)
    throw new CliError('--requests must be a whole number from 1 to 100000', 2)
  return count
}

function userCount(text: string): number {
  const count = Number(text)
  if (!Number.isInteger(count) || count < 2 || count > 1_000)
    throw new CliError('--users must be a whole number from 2 to 1000', 2)
  return count
}

function parseArgsError(error: unknown): { message: string; exitCode: number } | undefined {
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
    return { message: `${(error as Error).message} (try: zoom-auth --help)`, exitCode: 2 }
  return undefined
}
