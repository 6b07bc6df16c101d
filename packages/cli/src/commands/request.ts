import { DEFAULT_ZOOM_API_HOSTS, isZoomAuthError, zoomTokenProvider } from '@zoom-auth/core'
import { zoomAuth } from '@zoom-auth/fetch'
import { CliError } from '../cli-error.js'
import { readEnvConfig } from '../env-config.js'
import type { CliIo } from '../io.js'

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])

/** `zoom-auth request METHOD PATH [--data JSON]`: an authenticated call; prints the JSON response. */
export async function requestCommand(
  io: CliIo,
  method: string | undefined,
  path: string | undefined,
  data: string | undefined,
): Promise<void> {
  const verb = method?.toUpperCase()
  if (!verb || !METHODS.has(verb) || !path) {
    throw new CliError(
      'usage: zoom-auth request <GET|POST|PUT|PATCH|DELETE> <path, e.g. /v2/users/me> [--data JSON]',
      2,
    )
  }
  let body: string | undefined
  if (data !== undefined && verb === 'GET') {
    // fetch would refuse it with a message about Request objects; say what to change instead.
    throw new CliError('--data needs POST, PUT, PATCH or DELETE: a GET has no body', 2)
  }
  if (data !== undefined) {
    try {
      body = JSON.stringify(JSON.parse(data))
    } catch {
      throw new CliError('--data must be valid JSON, e.g. --data \'{"topic":"Standup"}\'', 2)
    }
  }
  const { credentials, oauthBaseUrl, apiBaseUrl } = readEnvConfig(io.env)
  const provider = zoomTokenProvider({ ...credentials, ...(oauthBaseUrl && { oauthBaseUrl }) })
  try {
    const base = apiBaseUrl ?? (await provider.getToken()).apiUrl ?? 'https://api.zoom.us'
    // Every leading slash goes: "//v2/users/me" would otherwise name a host ("v2"), not a path.
    const url = new URL(path.replace(/^\/*/, '/'), base)
    const zoomFetch = zoomAuth(provider, { hosts: [...DEFAULT_ZOOM_API_HOSTS, new URL(base).host] })
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
  } finally {
    provider.close()
  }
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
