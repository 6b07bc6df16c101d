import {
  assertOptionsObject,
  countOf,
  durationMs,
  requireSecureUrl,
  requireString,
} from '../assert.js'
import { closedError } from '../errors.js'
import { EventSink } from '../events.js'
import { normalizeOptions } from '../provider-options.js'
import { createTokenProvider } from '../token-provider.js'
import type { TokenProvider, TokenProviderOptions, ZoomAuthEvent } from '../types.js'
import { memoryUserTokenStore } from './memory-user-token-store.js'
import { userRefreshStrategy } from './user-refresh.js'
import type { UserTokenStore } from './user-token-store.js'
import type { ZoomUsersInstall, ZoomUsersInstallOptions } from './install-types.js'
import { userInstall } from './user-install.js'

/** Options of {@link zoomUsers}. */
export interface ZoomUsersOptions
  extends Omit<TokenProviderOptions, 'store'>, ZoomUsersInstallOptions {
  /** The user-level OAuth app's client id and secret (App Marketplace → your app → App credentials). */
  clientId: string
  clientSecret: string
  /** Default `https://zoom.us`; `https://zoomgov.com` for Zoom for Government. */
  oauthBaseUrl?: string
  /** Where users' grants live. Default: {@link memoryUserTokenStore} (one process only). */
  store?: UserTokenStore
  /** How often a process waiting on another's refresh of the same user looks again. Default 100. */
  pollIntervalMs?: number
  /** Providers of users kept in memory; past it the least recently used is closed. Default 10_000. */
  maxActiveUsers?: number
  /** A user's provider unused this long is closed (its grant stays in the store). Default 600_000. */
  idleMs?: number
}

/**
 * Many users of one user-level OAuth app: installing them, each user's token provider, revoking
 * and forgetting a user.
 */
export interface ZoomUsers extends ZoomUsersInstall {
  /** The OAuth client these users authorized. */
  readonly clientId: string
  /** The token endpoint (`{oauthBaseUrl}/oauth/token`). */
  readonly tokenUrl: string
  /** Where users' grants live. */
  readonly store: UserTokenStore
  /**
   * The token provider of one user, made on first use and kept while used; pass it to any
   * adapter (`zoomAuth(users.forUser(key))`). A user without a stored grant fails each call with
   * `reauthorization_required`, before anything is sent.
   */
  forUser(key: string): TokenProvider
  /** Deletes the user's grant and closes their provider: call it from Zoom's deauthorization webhook. */
  forget(key: string): Promise<void>
  /** Listens to every user's events; returns the function that stops listening. */
  subscribe(listener: (event: ZoomAuthEvent) => void): () => void
  /** Closes every user's provider; the store is left as it is. */
  close(): void
}

/**
 * Token providers for the users of a Zoom user-level OAuth app, one per user key, all sharing one
 * store. Each user's refresh is single-flight in the process and compare-and-set in the store, so
 * a refresh token is never sent twice, by one process or a fleet.
 *
 * @example
 * ```ts
 * const users = zoomUsers({ clientId, clientSecret, store: redisUserTokenStore(redis, { encryptionKey }) })
 * const zoom = axios.create({ baseURL: 'https://api.zoom.us/v2' })
 * zoom.interceptors.request.use(zoomAuth(users.forUser('user-42')))
 * ```
 */
export function zoomUsers(options: ZoomUsersOptions): ZoomUsers {
  assertOptionsObject(options, 'zoom-auth: zoomUsers needs { clientId, clientSecret }')
  const {
    clientId: givenClientId,
    clientSecret,
    oauthBaseUrl,
    store = memoryUserTokenStore(),
    pollIntervalMs: givenPollMs,
    maxActiveUsers: givenMax,
    idleMs: givenIdleMs,
    redirectUri,
    stateSecret,
    stateTtlMs,
    scope,
    installStateStore,
    ...providerOptions
  } = options
  const clientId = requireString(givenClientId, 'clientId')
  requireString(clientSecret, 'clientSecret')
  const base = requireSecureUrl(oauthBaseUrl ?? 'https://zoom.us', 'oauthBaseUrl')
  const tokenUrl = new URL('oauth/token', base.href.endsWith('/') ? base : `${base.href}/`).href
  const pollIntervalMs = durationMs(givenPollMs, 100, 'pollIntervalMs', 1)
  const maxActiveUsers = countOf(givenMax, 10_000, 'maxActiveUsers')
  const idleMs = durationMs(givenIdleMs, 600_000, 'idleMs', 1)
  const config = normalizeOptions(providerOptions)
  const clientAuthorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`
  const sink = new EventSink()
  if (options.onEvent) sink.subscribe(options.onEvent)
  const install = userInstall({
    options: { redirectUri, stateSecret, stateTtlMs, scope, installStateStore },
    clientId,
    tokenUrl,
    clientAuthorization,
    store,
    fetch: config.fetch,
    timeoutMs: config.timeoutMs,
    pollIntervalMs,
    clock: config.clock,
    closeProvider: (key) => drop(key),
  })

  // Each user's provider while it is used; a handle from forUser finds it here at every call.
  const active = new Map<
    string,
    { provider: TokenProvider; usedAt: number; handle?: TokenProvider | undefined }
  >()
  let sweep: NodeJS.Timeout | undefined

  function open(key: string): TokenProvider {
    const strategy = userRefreshStrategy(key, {
      store,
      clientId,
      tokenUrl,
      clientAuthorization,
      timeoutMs: config.timeoutMs,
      pollIntervalMs,
      windows: config,
      clock: config.clock,
    })
    return createTokenProvider(strategy, {
      ...providerOptions,
      onEvent: (event) => {
        sink.emit(event)
        if (event.type === 'refresh_failed' && event.code === 'reauthorization_required')
          sink.emit({
            type: 'reauthorization_required',
            strategy: event.strategy,
            userKey: key,
            reason: 'the grant is gone: send the user through the install URL again',
          })
      },
    })
  }

  /** The user's provider, opened on first use; the least recently used goes past maxActiveUsers. */
  function providerOf(key: string, handle: TokenProvider): TokenProvider {
    const now = config.clock()
    const entry = active.get(key)
    if (entry !== undefined) {
      entry.usedAt = now
      return entry.provider
    }
    if (active.size >= maxActiveUsers) closeLeastRecentlyUsed()
    const provider = open(key)
    active.set(key, { provider, usedAt: now, handle })
    if (sweep === undefined) {
      sweep = setInterval(closeIdle, Math.min(idleMs, 60_000))
      sweep.unref()
    }
    return provider
  }

  function closeLeastRecentlyUsed(): void {
    let oldest: string | undefined
    let oldestAt = Infinity
    for (const [key, entry] of active) {
      if (entry.usedAt < oldestAt) [oldest, oldestAt] = [key, entry.usedAt]
    }
    if (oldest !== undefined) drop(oldest)
  }

  function drop(key: string): void {
    active.get(key)?.provider.close()
    active.delete(key)
  }

  function closeIdle(): void {
    const now = config.clock()
    for (const [key, entry] of active) if (now - entry.usedAt >= idleMs) drop(key)
    if (active.size === 0) {
      clearInterval(sweep)
      sweep = undefined
    }
  }

  /**
   * A stable handle on one user's provider: it finds the provider at every call, so a handle kept
   * for the app's lifetime outlives idle closing (a closed provider is opened again on next use).
   */
  function handle(key: string): TokenProvider {
    const strategy = {
      id: `zoom-user:${key}`,
      tokenUrl,
      requestToken: () => Promise.reject(new Error('a handle fetches through its provider')),
    }
    let closed = false
    const userHandle: TokenProvider = {
      strategy,
      getToken: (getOptions) =>
        closed ? Promise.reject(closedError()) : providerOf(key, userHandle).getToken(getOptions),
      peek: () => active.get(key)?.provider.peek(),
      invalidate: (accessToken) => active.get(key)?.provider.invalidate(accessToken),
      subscribe: (listener) =>
        sink.subscribe((event) => {
          if (event.strategy === strategy.id) listener(event)
        }),
      report: (event) => sink.emit(event),
      close: () => {
        closed = true
        drop(key)
      },
    }
    return userHandle
  }

  return {
    clientId,
    tokenUrl,
    store,

    // On every call of an adapter given the users: the active user's handle is kept, not rebuilt.
    forUser(key) {
      const entry = active.get(key)
      if (entry?.handle !== undefined) return entry.handle
      requireString(key, 'user key')
      const made = handle(key)
      if (entry !== undefined) entry.handle = made
      return made
    },

    beginInstall: install.beginInstall,
    completeInstall: install.completeInstall,
    revoke: install.revoke,

    async forget(key) {
      requireString(key, 'user key')
      drop(key)
      await store.delete(key)
    },

    subscribe: (listener) => sink.subscribe(listener),

    close() {
      for (const { provider } of active.values()) provider.close()
      active.clear()
      clearInterval(sweep)
      sweep = undefined
      sink.clear()
    },
  }
}
