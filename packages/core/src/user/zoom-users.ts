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
import { ActiveUsers, type ActiveUser } from './active-users.js'
import { ClosingAfterFetch } from './closing-after-fetch.js'
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
  /**
   * Providers of users kept in memory; past it the least recently used is closed (once a fetch
   * running on it settles). Default 10_000.
   */
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
   * A new handle on one user's token provider (the provider is made on first use and kept while
   * used); pass it to any adapter (`zoomAuth(users.forUser(key))`). A user without a stored grant
   * fails each call with `reauthorization_required`, before anything is sent. Its `close()` ends
   * this handle only: other handles of the user, and adapters given the users, go on working.
   */
  forUser(key: string): TokenProvider
  /** Deletes the user's grant and closes their provider: call it from Zoom's deauthorization webhook. */
  forget(key: string): Promise<void>
  /** Listens to every user's events; returns the function that stops listening. */
  subscribe(listener: (event: ZoomAuthEvent) => void): () => void
  /** Closes every user's provider, and every handle (`closed`); the store is left as it is. */
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

  // A provider let go (idle, evicted) while it fetches is closed when the fetch settles.
  const closing = new ClosingAfterFetch()
  let usersClosed = false

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

  // Each user's provider while it is used; a handle from forUser finds it there.
  const active = new ActiveUsers(open, { maxActive: maxActiveUsers, idleMs }, (provider) =>
    closing.letGo(provider),
  )
  const drop = (key: string) => active.drop(key)

  /**
   * A handle on one user's provider: it finds the provider at every call, so a handle kept for the
   * app's lifetime outlives idle closing (a closed provider is opened again on next use). `close()`
   * ends this handle only — its calls reject with `closed`, its listeners stop — never the user's
   * provider, which other handles (and the adapters' per-request calls) share.
   */
  function handle(key: string, shared = false): TokenProvider {
    const strategy = {
      id: `zoom-user:${key}`,
      tokenUrl,
      requestToken: () => Promise.reject(new Error('a handle fetches through its provider')),
    }
    let closed = false
    let entry: ActiveUser | undefined
    const unsubscribes = new Set<() => void>()
    const userHandle: TokenProvider = {
      strategy,
      // Per call: one property read and one store while the user's provider is open.
      getToken(getOptions) {
        if (closed) return Promise.reject(closedError())
        if (entry === undefined || entry.closed) {
          if (usersClosed) return Promise.reject(closedError())
          entry = active.use(key)
          if (shared) entry.handle ??= userHandle
        } else active.touch(entry)
        return entry.provider.getToken(getOptions)
      },
      peek: () => active.get(key)?.provider.peek(),
      invalidate: (accessToken) => active.get(key)?.provider.invalidate(accessToken),
      subscribe(listener) {
        if (closed) return () => {}
        const unsubscribe = sink.subscribe((event) => {
          if (event.strategy === strategy.id) listener(event)
        })
        unsubscribes.add(unsubscribe)
        return () => {
          unsubscribes.delete(unsubscribe)
          unsubscribe()
        }
      },
      report: (event) => sink.emit(event),
      close() {
        closed = true
        for (const unsubscribe of unsubscribes) unsubscribe()
        unsubscribes.clear()
      },
    }
    return userHandle
  }

  /** The active user's shared handle (kept, not rebuilt): what adapters use on every request. */
  function sharedHandle(key: string): TokenProvider {
    const kept = active.get(key)?.handle
    if (kept !== undefined) return kept
    requireString(key, 'user key')
    return handle(key, true)
  }

  const users: ZoomUsers = {
    clientId,
    tokenUrl,
    store,

    forUser(key) {
      requireString(key, 'user key')
      return handle(key)
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
      usersClosed = true
      active.closeAll()
      closing.closeAll()
      sink.clear()
    },
  }
  requestHandles.set(users, sharedHandle)
  return users
}

/** Each `zoomUsers`' source of shared handles, for the adapters' per-request calls. */
const requestHandles = new WeakMap<ZoomUsers, (key: string) => TokenProvider>()

/**
 * How an adapter given `users` finds the user a request names, on every request: the shared handle
 * of `zoomUsers` (never handed to the app, so no app's `close()` reaches it), or `forUser` of users
 * made otherwise.
 */
export function requestHandleSource(users: ZoomUsers): (key: string) => TokenProvider {
  return requestHandles.get(users) ?? ((key) => users.forUser(key))
}
