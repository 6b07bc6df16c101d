import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CliError } from '../cli-error.js'
import { codeOf } from '../user-store/fs-error-code.js'

/** What the browser is shown once the callback was handled. */
export interface CallbackPage {
  status: number
  /** One line of plain text (escaped into the page). */
  text: string
}

/** A loopback HTTP server waiting for the one OAuth callback of a `zoom-auth login`. */
export interface CallbackServer {
  /** The port it listens on (the one asked for, or the free one picked for port 0). */
  readonly port: number
  /**
   * Resolves `handle`'s result for the first request to the callback path, once the browser has
   * been answered with `page(result)`; rejects with `handle`'s error likewise, and with a
   * CliError when no callback came within `timeoutMs`. Other paths get a 404.
   */
  waitForCallback<T>(
    handle: (requestUrl: string) => Promise<T>,
    page: (outcome: { value: T } | { error: unknown }) => CallbackPage,
    timeoutMs: number,
  ): Promise<T>
  /** Stops listening and drops the browser's kept-alive connections. */
  close(): Promise<void>
}

/**
 * Listens on `host:port` (loopback) for the OAuth callback at `path`. A port already taken is one
 * clear CliError, not an `EADDRINUSE` stack.
 *
 * @example
 * ```ts
 * const server = await startCallbackServer({ host: '127.0.0.1', port: 4199, path: '/callback' })
 * const user = await server.waitForCallback((url) => users.completeInstall(url), pageOf, 600_000)
 * ```
 */
export async function startCallbackServer(options: {
  host: string
  port: number
  path: string
}): Promise<CallbackServer> {
  let onCallback:
    | ((requestUrl: string, answer: (page: CallbackPage) => Promise<void>) => Promise<void>)
    | undefined
  let handling = false
  const server: Server = createServer((request, response) => {
    const requestUrl = request.url ?? '/'
    const { pathname } = new URL(requestUrl, 'http://loopback')
    // Resolves once the page was handed to the socket: the server may be closed right after.
    const answer = ({ status, text }: CallbackPage) =>
      new Promise<void>((resolve) => {
        response.writeHead(status, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
        })
        response.end(htmlPage(text), resolve)
      })
    if (request.method !== 'GET' || pathname !== options.path || onCallback === undefined)
      return void answer({
        status: 404,
        text: 'Not found: this server waits for zoom-auth login’s callback only.',
      })
    if (handling)
      return void answer({
        status: 409,
        text: 'This login is already being completed: see the terminal.',
      })
    handling = true
    void onCallback(requestUrl, answer)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject)
      resolve()
    })
  }).catch((error: unknown) => {
    const where = `${options.host}:${options.port}`
    if (codeOf(error) === 'EADDRINUSE')
      throw new CliError(
        `port ${options.port} on ${options.host} is in use: stop what listens there, or pick another with --port (the redirect URI registered for the app must name the same port)`,
      )
    if (codeOf(error) === 'EACCES')
      throw new CliError(`not allowed to listen on ${where}: pick a port above 1023 with --port`)
    throw new CliError(`could not listen on ${where} (${codeOf(error) ?? String(error)})`)
  })

  return {
    port: (server.address() as AddressInfo).port,

    waitForCallback<T>(
      handle: (requestUrl: string) => Promise<T>,
      page: (outcome: { value: T } | { error: unknown }) => CallbackPage,
      timeoutMs: number,
    ) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          onCallback = undefined
          reject(
            new CliError(
              `no callback came within ${Math.round(timeoutMs / 60_000)} minutes: run zoom-auth login again`,
            ),
          )
        }, timeoutMs)
        onCallback = async (requestUrl, answer) => {
          clearTimeout(timer)
          let outcome: { value: T } | { error: unknown }
          try {
            outcome = { value: await handle(requestUrl) }
          } catch (error) {
            outcome = { error }
          }
          await answer(page(outcome))
          if ('value' in outcome) resolve(outcome.value)
          else reject(outcome.error)
        }
      })
    },

    close() {
      return new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}

/** A page with one line of text, escaped: the text may hold Zoom's words. */
function htmlPage(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
  return `<!doctype html><meta charset="utf-8"><title>zoom-auth login</title><p>${escaped}</p>\n`
}
