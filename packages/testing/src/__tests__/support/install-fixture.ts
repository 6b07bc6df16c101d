import { randomBytes } from 'node:crypto'
import { afterEach, expect } from 'vitest'
import {
  isZoomAuthError,
  memoryUserTokenStore,
  zoomUsers,
  type UserTokenStore,
  type ZoomAuthEvent,
  type ZoomUsers,
  type ZoomUsersOptions,
} from '@zoom-auth/core'
import { renderings, SecretSet } from '../../contracts.js'
import type { ZoomEmulator } from '../../index.js'
import { REDIRECT_URI } from './user-oauth-fixture.js'

/** Options of `zoomUsers` to change; `undefined` leaves one out. */
export type UsersOverrides = { [K in keyof ZoomUsersOptions]?: ZoomUsersOptions[K] | undefined }

/** The fleet's state secret in these specs (a secret too: scanned for). */
export const STATE_SECRET = randomBytes(32).toString('base64')

/**
 * One app under test on the emulator: its users, its store, and everything secret it handled —
 * the client secret, every code, PKCE verifier, access and refresh token seen on the wire.
 */
export interface InstallHarness {
  readonly users: ZoomUsers
  readonly store: UserTokenStore
  readonly events: ZoomAuthEvent[]
  readonly secrets: SecretSet
  /** Another process of the same app: same secret and store, its own memory. */
  another(overrides?: UsersOverrides): ZoomUsers
  /** The browser at Zoom's authorize URL: where Zoom sends it back (the emulator's 302). */
  authorize(url: string): Promise<string>
  /** Fails unless no secret appears in any rendering of `values` (message, stack, inspect, JSON). */
  expectNoLeaks(...values: unknown[]): void
}

const opened: ZoomUsers[] = []
afterEach(() => {
  for (const users of opened.splice(0)) users.close()
})

/**
 * Builds the app under test. Its fetch records the secrets of every token request and answer, and
 * `tamper` may change a token request's form before it leaves.
 *
 * @example
 * ```ts
 * const app = installHarness(emulator())
 * const { url } = await app.users.beginInstall()
 * await app.users.completeInstall(await app.authorize(url))
 * ```
 */
export function installHarness(
  emulator: ZoomEmulator,
  overrides: UsersOverrides = {},
  tamper?: (form: URLSearchParams) => void,
): InstallHarness {
  const secrets = new SecretSet(emulator.credentials)
  secrets.addTokens([STATE_SECRET, Buffer.from(STATE_SECRET, 'base64').toString('hex')])
  const store = overrides.store ?? memoryUserTokenStore()
  const events: ZoomAuthEvent[] = []

  const recording: typeof fetch = async (input, init) => {
    let sent = init
    if (typeof init?.body === 'string') {
      const form = new URLSearchParams(init.body)
      secrets.addTokens(['code', 'code_verifier', 'refresh_token', 'token'].map(valueIn(form)))
      tamper?.(form)
      sent = { ...init, body: form.toString() }
    }
    const response = await fetch(input, sent)
    const text = await response.clone().text()
    for (const name of ['access_token', 'refresh_token']) {
      secrets.addTokens([new RegExp(`"${name}"\\s*:\\s*"([^"]+)"`).exec(text)?.[1]])
    }
    return response
  }

  function make(more: UsersOverrides = {}): ZoomUsers {
    const users = zoomUsers({
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
      oauthBaseUrl: emulator.url,
      redirectUri: REDIRECT_URI,
      stateSecret: STATE_SECRET,
      store,
      fetch: recording,
      retry: { limit: 0 },
      pollIntervalMs: 2,
      onEvent: (event) => events.push(event),
      ...overrides,
      ...more,
    } as ZoomUsersOptions)
    opened.push(users)
    return users
  }

  return {
    users: make(),
    store,
    events,
    secrets,
    another: make,
    async authorize(url) {
      const response = await fetch(url, { redirect: 'manual' })
      expect(response.status).toBe(302)
      const location = response.headers.get('location') ?? ''
      secrets.addTokens([new URL(location).searchParams.get('code') ?? undefined])
      return location
    },
    expectNoLeaks(...values) {
      expect(secrets.tokenCount).toBeGreaterThan(0)
      const texts = values.flatMap((value, index) => renderings(value, `value #${index}`))
      texts.push(['the events', JSON.stringify(events)])
      expect(secrets.leaksIn(texts)).toEqual([])
    },
  }
}

function valueIn(form: URLSearchParams): (name: string) => string | undefined {
  return (name) => form.get(name) ?? undefined
}

/** The rejection of `pending` (fails if it resolves). */
export async function rejectionOf(pending: Promise<unknown>): Promise<Error> {
  try {
    await pending
  } catch (error) {
    expect(error).toBeInstanceOf(Error)
    return error as Error
  }
  throw new Error('expected a rejection, and it resolved')
}

/** The rejection of `pending`, which must be a ZoomAuthError. */
export async function zoomErrorOf(
  pending: Promise<unknown>,
): Promise<Error & { code: string; error?: string; reason?: string; status?: number }> {
  const error = await rejectionOf(pending)
  expect(isZoomAuthError(error)).toBe(true)
  return error as Error & { code: string; error?: string; reason?: string; status?: number }
}
