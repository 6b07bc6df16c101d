import { DEFAULT_ZOOM_API_HOSTS, isZoomAuthError, zoomTokenProvider } from '@zoom-auth/core'
import { zoomAuth } from '@zoom-auth/fetch'
import { CliError } from '../cli-error.js'
import { readEnvConfig } from '../env-config.js'
import type { CliIo } from '../io.js'
import { openUserApp, savedLogin } from '../user-app.js'

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])

/** Where `zoom-auth request` acts: the Server-to-Server app, or a user saved by `zoom-auth login`. */
export interface RequestOptions {
  /** `--data`: a JSON body. */
  data?: string | undefined
  /** `--user`: call as this user (from `zoom-auth login`). */
  user?: string | undefined
  /** `--store`: the directory `zoom-auth login` saved the user in. */
  store?: string | undefined
}

/** A checked API call: the method, the path, and the body as JSON text. */
interface ApiCall {
  verb: string
  path: string
  body?: string
}

/**
 * `zoom-auth request METHOD PATH [--data JSON] [--user KEY]`: an authenticated call; prints the
 * JSON response. With `--user`, as a user saved by `zoom-auth login` (its token rotated if due).
 *
 * @example
 * ```ts
 * await requestCommand(io, 'GET', '/v2/users/me', { user: 'me' })
 * ```
 */
export async function requestCommand(
  io: CliIo,
  method: string | undefined,
  path: string | undefined,
  options: RequestOptions = {},
): Promise<void> {
  const call = apiCall(method, path, options.data)
  if (options.user !== undefined) return userRequest(io, call, options.user, options.store)
  const { credentials, oauthBaseUrl, apiBaseUrl } = readEnvConfig(io.env)
  const provider = zoomTokenProvider({ ...credentials, ...(oauthBaseUrl && { oauthBaseUrl }) })
  try {
    const base = apiBaseUrl ?? (await provider.getToken()).apiUrl ?? 'https://api.zoom.us'
    await send(io, zoomAuth(provider, { hosts: hostsFor(base) }), base, call)
  } finally {
    provider.close()
  }
}

async function userRequest(
  io: CliIo,
  call: ApiCall,
  key: string,
  storeDir: string | undefined,
): Promise<void> {
  const app = openUserApp(io.env, { storeDir })
  try {
    const grant = await savedLogin(app, key)
    const base = app.config.apiBaseUrl ?? grant.apiUrl ?? 'https://api.zoom.us'
    // The users' fetch names its user per request, as an app serving many users does.
    const zoomFetch = zoomAuth(app.users, { hosts: hostsFor(base) })
    await send(io, (url, init) => zoomFetch(url, { ...init, zoomUser: key }), base, call)
  } finally {
    app.users.close()
  }
}

function apiCall(
  method: string | undefined,
  path: string | undefined,
  data: string | undefined,
): ApiCall {
  const verb = method?.toUpperCase()
  if (!verb || !METHODS.has(verb) || !path) {
    throw new CliError(
      'usage: zoom-auth request <GET|POST|PUT|PATCH|DELETE> <path, e.g. /v2/users/me> [--data JSON]',
      2,
    )
  }
  if (data === undefined) return { verb, path }
  if (verb === 'GET') {
    // fetch would refuse it with a message about Request objects; say what to change instead.
    throw new CliError('--data needs POST, PUT, PATCH or DELETE: a GET has no body', 2)
  }
  try {
    return { verb, path, body: JSON.stringify(JSON.parse(data)) }
  } catch {
    throw new CliError('--data must be valid JSON, e.g. --data \'{"topic":"Standup"}\'', 2)
  }
}

const hostsFor = (base: string) => [...DEFAULT_ZOOM_API_HOSTS, new URL(base).host]

/** Sends the call through an authenticated fetch and prints the answer, or fails with one line. */
async function send(
  io: CliIo,
  zoomFetch: (url: URL, init: RequestInit) => Promise<Response>,
  base: string,
  { verb, path, body }: ApiCall,
): Promise<void> {
  // Every leading slash goes: "//v2/users/me" would otherwise name a host ("v2"), not a path.
  const url = new URL(path.replace(/^\/*/, '/'), base)
  const response = await zoomFetch(url, {
    method: verb,
    headers: {
      accept: 'application/json',
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body }),
  }).catch((error: unknown) => {
    // Token failures describe themselves; fetch's own network error only says "fetch failed".
    if (isZoomAuthError(error)) throw error
    throw new CliError(
      `could not reach ${url.origin} (${networkCause(error)}) — check ZOOM_API_BASE_URL and your network`,
    )
  })
  const text = await response.text()
  const output = text === '' ? '' : prettyJson(text)
  if (!response.ok) {
    throw new CliError(
      `${verb} ${url.pathname} answered HTTP ${response.status}${output ? `: ${output.replace(/\s+/g, ' ')}` : ''}`,
    )
  }
  if (output) io.stdout(`${output}\n`)
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

/** What undici's "fetch failed" hides in its cause: an error code such as ECONNREFUSED, or a message. */
function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause
  if (typeof cause?.code === 'string') return cause.code
  if (typeof cause?.message === 'string' && cause.message !== '') return cause.message
  return error instanceof Error ? error.message : String(error)
}
