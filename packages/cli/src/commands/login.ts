import { CliError } from '../cli-error.js'
import { describeError } from '../describe-error.js'
import type { CliIo } from '../io.js'
import { startCallbackServer } from '../login/callback-server.js'
import { openUserApp, type UserApp } from '../user-app.js'
import { readUserEnvConfig } from '../user-env-config.js'

/** The port `zoom-auth login` listens on by default: register `http://127.0.0.1:4199/callback`. */
export const DEFAULT_LOGIN_PORT = 4199
/** How long `zoom-auth login` waits for the browser: the install state's lifetime (10 minutes). */
const CALLBACK_TIMEOUT_MS = 600_000

export interface LoginOptions {
  /** `--port`: where the loopback server listens (0: any free port, for the emulator). */
  port?: number | undefined
  /** `--redirect-uri`: the URI registered for the app, when not `http://127.0.0.1:<port>/callback`. */
  redirectUri?: string | undefined
  /** `--store`: the directory of the grant files. */
  store?: string | undefined
  /** `--user`: the key to save the login under, instead of Zoom's user id. */
  user?: string | undefined
  /** `--scope`: the scopes to ask for (default: the app's). */
  scope?: string | undefined
}

/**
 * `zoom-auth login`: the authorization-code flow (PKCE) of a user-level OAuth app for the person at
 * the terminal. Prints the authorize URL, serves the redirect URI on loopback, completes the
 * install on the callback and saves the grant in a file only the user can read.
 *
 * @example
 * ```ts
 * await loginCommand(io, { port: 4199, user: 'me' }) // prints the URL, waits, saves ~/.config/zoom-auth/users/me.json
 * ```
 */
export async function loginCommand(io: CliIo, options: LoginOptions): Promise<void> {
  const plan = callbackPlan(options)
  readUserEnvConfig(io.env) // a missing variable is said before anything listens
  const server = await startCallbackServer({ host: plan.host, port: plan.port, path: plan.path })
  const redirectUri = plan.redirectUri ?? `http://127.0.0.1:${server.port}${plan.path}`
  let app: UserApp | undefined
  try {
    app = openUserApp(io.env, {
      storeDir: options.store,
      redirectUri,
      ...(options.scope !== undefined && { scope: options.scope }),
    })
    const { users, store } = app
    const { url } = await users.beginInstall()
    io.stderr(
      `Open this URL in a browser and authorize the app:\n\n  ${url}\n\nWaiting for the browser at ${redirectUri} …\n`,
    )
    const installed = await server.waitForCallback(
      (callback) =>
        users.completeInstall(callback, options.user === undefined ? {} : { key: options.user }),
      (outcome) =>
        'value' in outcome
          ? { status: 200, text: `Logged in as ${outcome.value.key}. You can close this tab.` }
          : {
              status: 400,
              text: `zoom-auth login failed: ${describeError(outcome.error, 'user').message}. See the terminal.`,
            },
      CALLBACK_TIMEOUT_MS,
    )
    const account = installed.accountId === undefined ? '' : ` (account ${installed.accountId})`
    io.stdout(
      `Logged in as ${installed.key}${account}: saved to ${store.fileOf(installed.key)} (readable only by you)\n`,
    )
    const storeFlag = options.store === undefined ? '' : ` --store ${options.store}`
    io.stderr(`Next: zoom-auth token --user ${installed.key}${storeFlag}\n`)
  } finally {
    app?.users.close()
    await server.close()
  }
}

/** Where to listen and which redirect URI to send, from `--port` and `--redirect-uri`. */
function callbackPlan(options: LoginOptions): {
  host: string
  port: number
  path: string
  redirectUri?: string
} {
  if (options.redirectUri === undefined)
    return { host: '127.0.0.1', port: options.port ?? DEFAULT_LOGIN_PORT, path: '/callback' }
  const uri = URL.canParse(options.redirectUri) ? new URL(options.redirectUri) : undefined
  const loopback = uri !== undefined && LOOPBACK.has(uri.hostname)
  if (uri === undefined || !(uri.protocol === 'https:' || (uri.protocol === 'http:' && loopback)))
    throw new CliError(
      '--redirect-uri must be an https URL, or http on 127.0.0.1, [::1] or localhost (e.g. http://127.0.0.1:4199/callback)',
      2,
    )
  const path = uri.pathname
  if (uri.protocol === 'https:')
    // Served by a tunnel (or a proxy) that forwards to this loopback port.
    return {
      host: '127.0.0.1',
      port: options.port ?? DEFAULT_LOGIN_PORT,
      path,
      redirectUri: uri.href,
    }
  const port = Number(uri.port || 80)
  if (options.port !== undefined && options.port !== port)
    throw new CliError(
      `--port ${options.port} and --redirect-uri ${uri.href} name different ports: give one of them`,
      2,
    )
  return { host: uri.hostname === '[::1]' ? '::1' : '127.0.0.1', port, path, redirectUri: uri.href }
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost'])
