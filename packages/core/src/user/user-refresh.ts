import { ZoomAuthError, isZoomAuthError } from '../errors.js'
import { scrubError } from '../scrub.js'
import { requestTokenEndpoint } from '../token-endpoint.js'
import { tokenFreshness, tokenTiming, type TimingWindows } from '../token-timing.js'
import type { TokenGrant, TokenStoreLock, TokenStrategy } from '../types.js'
import { writeRotated } from './durable-write.js'
import type { UserGrant, UserTokenStore } from './user-token-store.js'

/** What one user's refresh needs: the store, the app's client, and the provider's timing. */
export interface UserRefreshSettings {
  store: UserTokenStore
  clientId: string
  tokenUrl: string
  /** `Basic base64(client_id:client_secret)`, built once by the caller. */
  clientAuthorization: string
  /** Per token request; the lock's lease outlives it. */
  timeoutMs: number
  /** How often a process waiting on another's refresh looks at the store again. */
  pollIntervalMs: number
  windows: TimingWindows
  clock: () => number
}

/** Transport failures that prove the request never left: nothing reached Zoom, so it may be sent again. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
])

/**
 * The strategy of one user's provider: hands out the stored access token while it is good, and
 * otherwise rotates the user's grant so that no refresh token is ever sent twice —
 *
 * 1. read the store: a usable access token another process stored is taken, not refreshed;
 * 2. take the user's lock (or wait for its holder's new grant, looking again every poll);
 * 3. under the lock, read again: the previous holder may just have rotated;
 * 4. mark the grant as being refreshed (compare-and-set), renew the lease — so it outlives this
 *    request — and check the lock is still held, right before sending;
 * 5. send the refresh; write the new grant with compare-and-set against the refresh token it
 *    replaces BEFORE handing the access token out.
 *
 * A refresh whose answer is lost (timeout, reset after sending, a crashed holder's mark) is never
 * sent again: Zoom may have rotated, and the same refresh token twice is the bug this prevents.
 * The grant is marked dead and the user must install again (`reauthorization_required`), as is a
 * user Zoom answers `invalid_grant` for — unless the store already holds a newer grant.
 *
 * @example
 * ```ts
 * const provider = createTokenProvider(userRefreshStrategy('user-1', settings), options)
 * ```
 */
export function userRefreshStrategy(key: string, settings: UserRefreshSettings): TokenStrategy {
  const { store, clock } = settings
  const leaseMs = settings.timeoutMs + 5_000

  function reauthorization(reason: string, cause?: unknown): ZoomAuthError {
    return new ZoomAuthError(
      'reauthorization_required',
      `user ${JSON.stringify(key)} must authorize the app again: ${reason}`,
      { userKey: key, reason, ...(cause !== undefined && { cause: scrubError(cause) }) },
    )
  }

  /** The stored grant, if this app may use it; a missing, dead or foreign grant is a reauthorization. */
  function checked(grant: UserGrant | undefined): UserGrant {
    if (grant === undefined) throw reauthorization('no grant is stored for this user')
    if (grant.clientId !== settings.clientId)
      throw reauthorization('the stored grant belongs to another OAuth client')
    if (grant.dead)
      throw reauthorization(
        grant.dead.reason === 'invalid_grant'
          ? 'Zoom refused the refresh token (invalid_grant)'
          : 'the answer to its last refresh was lost, so its refresh token may be dead',
      )
    return grant
  }

  /** True when the stored access token may be handed out instead of refreshing. */
  function usable(grant: UserGrant, previous: string | undefined): boolean {
    if (grant.accessToken === previous) return false
    const timing = tokenTiming(
      grant.expiresAt,
      grant.expiresAt - grant.issuedAt,
      settings.windows,
      0,
    )
    return tokenFreshness(timing, clock()) !== 'expired'
  }

  async function markDead(grant: UserGrant, reason: 'invalid_grant' | 'answer_lost') {
    const { refreshStartedAt: _, ...rest } = grant
    await store.replace(key, grant.refreshToken, { ...rest, dead: { at: clock(), reason } })
  }

  /**
   * Puts back the grant of a refresh that did not rotate, its mark taken off; tried twice, then
   * given up (the next holder then reads the mark as a lost answer, which never sends twice).
   */
  async function unmark(marked: UserGrant, current: UserGrant): Promise<void> {
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        await store.replace(key, marked.refreshToken, current)
        return
      } catch {
        // A store failing now fails the refresh with the error that stopped it, not the store's.
      }
    }
  }

  /** Rotates under the lock; `undefined` when the store changed meanwhile and must be read again. */
  async function refreshHolding(
    lock: TokenStoreLock,
    context: { fetch: typeof fetch; previous?: string },
  ): Promise<TokenGrant | undefined> {
    const current = checked(await store.get(key))
    if (usable(current, context.previous)) return grantOf(current)
    if (current.refreshStartedAt !== undefined) {
      // A holder sent this refresh token and never stored the answer (it crashed, or was paused
      // past its lease): Zoom may have rotated it. Sending it again would send it twice.
      await markDead(current, 'answer_lost')
      throw reauthorization(
        'the answer to its last refresh was lost, so its refresh token may be dead',
      )
    }
    const startedAt = clock()
    const marked: UserGrant = { ...current, refreshStartedAt: startedAt }
    try {
      if (!(await store.replace(key, current.refreshToken, marked))) return undefined
      // Just before sending: the lease must outlive this request, and still be ours.
      if (!(await lock.renew(leaseMs))) {
        await unmark(marked, current)
        return undefined
      }
    } catch (error) {
      // Nothing was sent, yet the mark may be stored (a store's answer lost after it wrote):
      // left there, it would read as a lost answer and log the user out.
      await unmark(marked, current)
      throw error
    }
    let grant: TokenGrant
    try {
      grant = await requestTokenEndpoint(
        // Not the attempt's signal: a refresh that left must finish, since its answer holds the
        // user's next refresh token. It has a timeout of its own.
        { fetch: context.fetch, signal: AbortSignal.timeout(settings.timeoutMs) },
        settings.tokenUrl,
        {
          method: 'POST',
          headers: {
            authorization: settings.clientAuthorization,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: current.refreshToken,
          }).toString(),
        },
      )
    } catch (error) {
      return failed(error, current, marked)
    }
    if (grant.refreshToken === undefined) {
      await markDead(marked, 'answer_lost')
      throw new ZoomAuthError(
        'invalid_response',
        'the token endpoint answered a refresh without "refresh_token"; the old one may be dead',
        { userKey: key },
      )
    }
    const next: UserGrant = {
      ...current,
      accessToken: grant.accessToken,
      refreshToken: grant.refreshToken,
      issuedAt: startedAt,
      expiresAt: startedAt + grant.expiresInSeconds * 1000,
      scopes: grant.scopes,
      ...(grant.apiUrl !== undefined && { apiUrl: grant.apiUrl }),
    }
    // Written before anyone gets the access token (and never given up while the store fails).
    await writeRotated(store, key, marked.refreshToken, next)
    return grantOf(next)
  }

  /** A refresh that did not succeed: retried when nothing reached Zoom, else the user is gone. */
  async function failed(error: unknown, current: UserGrant, marked: UserGrant): Promise<never> {
    const answered = isZoomAuthError(error) && error.status !== undefined
    if (answered && error.status! >= 200 && error.status! < 300) {
      // A 200 that isn't a token: Zoom may have rotated, and the new refresh token is unreadable.
      await markDead(marked, 'answer_lost')
      throw error.derive({ userKey: key })
    }
    if (
      answered &&
      (error.error === 'invalid_grant' || error.status === 401 || isTokenInvalid(error))
    ) {
      const stored = await store.get(key)
      // Another process rotated first (its lease outlived ours): its grant is the user's now.
      if (stored && stored.refreshToken !== current.refreshToken && !stored.dead) throw RETRY
      await markDead(marked, 'invalid_grant')
      throw reauthorization('Zoom refused the refresh token (invalid_grant)', error)
    }
    if (answered || notSent(error)) {
      // Zoom answered without rotating (429, 5xx, 4xx), or the request never left: the grant stays.
      await unmark(marked, current)
      throw error
    }
    await markDead(marked, 'answer_lost')
    throw reauthorization(
      'the answer to its refresh was lost, so its refresh token may be dead',
      error,
    )
  }

  return {
    id: `zoom-user:${key}`,
    tokenUrl: settings.tokenUrl,
    async requestToken(context) {
      for (;;) {
        const stored = checked(await store.get(key))
        if (usable(stored, context.previous)) return grantOf(stored)
        const lock = await store.tryLock(key, leaseMs)
        if (lock === undefined) {
          // Another process refreshes this user: its grant will be in the store.
          await pause(settings.pollIntervalMs, context.signal)
          continue
        }
        try {
          const grant = await refreshHolding(lock, context)
          if (grant !== undefined) return grant
        } catch (error) {
          if (error !== RETRY) throw error
        } finally {
          await lock.release().catch(() => {})
        }
      }
    },
  }
}

/** Thrown inside to read the store again. */
const RETRY = Symbol('read the store again')

/** Zoom's other answers for a dead refresh token at the token endpoint (4711, "Invalid Token!"). */
function isTokenInvalid(error: ZoomAuthError): boolean {
  return /invalid token|4711|refresh token invalid/i.test(
    `${error.reason ?? ''} ${error.error ?? ''}`,
  )
}

function notSent(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 4; depth++) {
    const code = (cause as { code?: unknown }).code
    if (typeof code === 'string' && NOT_SENT.has(code)) return true
    cause = cause.cause
  }
  return false
}

function grantOf(grant: UserGrant): TokenGrant {
  return {
    accessToken: grant.accessToken,
    expiresInSeconds: Math.max(1, (grant.expiresAt - grant.issuedAt) / 1000),
    scopes: grant.scopes,
    issuedAt: grant.issuedAt,
    expiresAt: grant.expiresAt,
    ...(grant.apiUrl !== undefined && { apiUrl: grant.apiUrl }),
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason as Error)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
