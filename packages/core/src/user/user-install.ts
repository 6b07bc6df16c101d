import { randomBytes } from 'node:crypto'
import {
  assertOptionsObject,
  durationMs,
  invalidArgType,
  requireSecureUrl,
  requireString,
} from '../assert.js'
import { ZoomAuthError } from '../errors.js'
import { parseUrl } from '../parse-url.js'
import { requestTokenEndpoint } from '../token-endpoint.js'
import { identifyUser, type ZoomUserIdentity } from './identify-user.js'
import { installError } from './install-error.js'
import { installStateSealer, pkcePair, type InstallStateSealer } from './install-state.js'
import type {
  InstallStateStore,
  ZoomUsersInstall,
  ZoomUsersInstallOptions,
} from './install-types.js'
import { revokeToken } from './revoke-token.js'
import { parseStateSecret } from './state-secret.js'
import type { UserGrant, UserTokenStore } from './user-token-store.js'
import { withUserLock } from './with-user-lock.js'
import type { ZoomRequestTransport } from './zoom-request.js'
import { zoomRequest } from './zoom-request.js'

/** What installing and revoking need from `zoomUsers`. */
export interface UserInstallSettings extends ZoomRequestTransport {
  /** As given to `zoomUsers`, unchecked. */
  options: { [K in keyof ZoomUsersInstallOptions]?: ZoomUsersInstallOptions[K] | undefined }
  clientId: string
  /** `{oauthBaseUrl}/oauth/token`. */
  tokenUrl: string
  /** `Basic base64(client_id:client_secret)`. */
  clientAuthorization: string
  store: UserTokenStore
  pollIntervalMs: number
  clock: () => number
  /** Closes the user's provider, so that its next call reads the store. */
  closeProvider(key: string): void
}

/**
 * Installing (the app's two routes: redirect to Zoom, complete the callback) and revoking, for
 * `zoomUsers`. Options are checked here, at construction; `redirectUri` only at first use.
 *
 * @example
 * ```ts
 * const { beginInstall, completeInstall, revoke } = userInstall({ options, clientId, tokenUrl, … })
 * ```
 */
export function userInstall(settings: UserInstallSettings): ZoomUsersInstall {
  const { options, clientId, store, clock } = settings
  const redirectUri = options.redirectUri
  if (redirectUri !== undefined) requireSecureUrl(redirectUri, 'redirectUri')
  const secret = parseStateSecret(options.stateSecret)
  const stateTtlMs = durationMs(options.stateTtlMs, 600_000, 'stateTtlMs', 1)
  const scope = scopeOf(options.scope)
  const stateStore = checkedStateStore(options.installStateStore)
  const oauthUrl = (path: string) => new URL(path, settings.tokenUrl).href
  // The refresh's lease: an install or a revoke never crosses a refresh of the same user.
  const lockTiming = {
    leaseMs: settings.timeoutMs + 5_000,
    pollIntervalMs: settings.pollIntervalMs,
  }
  const sealer: InstallStateSealer | undefined =
    redirectUri === undefined ? undefined : installStateSealer(secret, { clientId, redirectUri })
  secret.fill(0)

  function installing(method: string): { redirectUri: string; sealer: InstallStateSealer } {
    if (redirectUri === undefined || sealer === undefined)
      throw invalidArgType(`zoom-auth: ${method} needs "redirectUri" in the options of zoomUsers`)
    return { redirectUri, sealer }
  }

  /** The sealed state the callback brought back (taken from the store when there is one). */
  async function sealedState(state: string | null): Promise<string> {
    if (state === null || state === '')
      throw installError('invalid_state', 'the callback carries no state')
    if (stateStore === undefined) return state
    const sealed = /^[\w-]{1,512}$/.test(state) ? await stateStore.take(state) : undefined
    if (sealed === undefined)
      throw installError('invalid_state', 'the state is unknown, expired or already used')
    return sealed
  }

  /** Who the new token belongs to; on failure the new grant is revoked, so none is left alive. */
  async function identify(accessToken: string, refreshToken: string, apiUrl: string | undefined) {
    try {
      return await identifyUser(settings, apiUrl ?? defaultApiUrl(settings.tokenUrl), accessToken)
    } catch (error) {
      await revokeToken(
        settings,
        oauthUrl('revoke'),
        settings.clientAuthorization,
        refreshToken,
      ).catch(() => {})
      throw error
    }
  }

  return {
    async beginInstall(beginOptions = {}) {
      assertOptionsObject(beginOptions, 'zoom-auth: beginInstall options must be an object')
      const binding = optionalString(beginOptions.binding, 'binding')
      const { redirectUri, sealer } = installing('beginInstall')
      const { verifier, challenge } = pkcePair()
      const sealed = sealer.seal({ verifier, expiresAt: clock() + stateTtlMs, binding })
      let state = sealed
      if (stateStore !== undefined) {
        state = randomBytes(32).toString('base64url')
        await stateStore.put(state, sealed, stateTtlMs)
      }
      const url = new URL(oauthUrl('authorize'))
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: redirectUri,
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        ...(scope !== undefined && { scope }),
      }).toString()
      return { url: url.href, state }
    },

    async completeInstall(callback, completeOptions = {}) {
      const params = callbackParams(callback)
      assertOptionsObject(completeOptions, 'zoom-auth: completeInstall options must be an object')
      const binding = optionalString(completeOptions.binding, 'binding')
      const givenKey = optionalString(completeOptions.key, 'key')
      const { redirectUri, sealer } = installing('completeInstall')

      const declined = params.get('error')
      if (declined !== null) {
        throw installError(
          declined,
          declined === 'access_denied'
            ? 'the user declined to authorize the app'
            : 'Zoom sent the user back with an error',
        )
      }
      const verifier = sealer.open(await sealedState(params.get('state')), binding, clock())
      const code = params.get('code')
      if (code === null || code === '')
        throw installError('invalid_request', 'the callback carries no code')

      const startedAt = clock()
      const grant = await zoomRequest(settings, 'the token endpoint', (signal) =>
        requestTokenEndpoint({ fetch: settings.fetch, signal }, settings.tokenUrl, {
          method: 'POST',
          headers: {
            authorization: settings.clientAuthorization,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            redirect_uri: redirectUri,
            code_verifier: verifier,
          }).toString(),
        }),
      )
      if (grant.refreshToken === undefined) {
        throw new ZoomAuthError(
          'invalid_response',
          'the token endpoint answered the code exchange without "refresh_token"; nothing was stored',
        )
      }
      const identity: ZoomUserIdentity | undefined =
        givenKey === undefined
          ? await identify(grant.accessToken, grant.refreshToken, grant.apiUrl)
          : undefined
      const key = givenKey ?? identity!.userId
      const stored: UserGrant = {
        accessToken: grant.accessToken,
        refreshToken: grant.refreshToken,
        issuedAt: startedAt,
        expiresAt: startedAt + grant.expiresInSeconds * 1000,
        scopes: grant.scopes,
        ...(grant.apiUrl !== undefined && { apiUrl: grant.apiUrl }),
        clientId,
        ...identity,
      }
      await withUserLock(store, key, lockTiming, () => store.put(key, stored))
      // A provider still open for this key may hold the old grant, or a reauthorization cooldown.
      settings.closeProvider(key)
      return { key, ...identity }
    },

    async revoke(key) {
      requireString(key, 'user key')
      await withUserLock(store, key, lockTiming, async () => {
        const grant: unknown = await store.get(key)
        if (grant === undefined) return
        const refreshToken = revocableToken(grant, clientId)
        if (refreshToken !== undefined)
          await revokeToken(
            settings,
            oauthUrl('revoke'),
            settings.clientAuthorization,
            refreshToken,
          )
        await store.delete(key)
      })
      settings.closeProvider(key)
    },
  }
}

/**
 * The refresh token worth sending to revoke: not one Zoom already refused, not another client's
 * (our Basic header can't revoke it), and not whatever a broken store returned.
 */
function revocableToken(grant: unknown, clientId: string): string | undefined {
  if (typeof grant !== 'object' || grant === null) return undefined
  const { refreshToken, clientId: owner, dead } = grant as Partial<UserGrant>
  if (owner !== clientId || typeof refreshToken !== 'string' || refreshToken === '')
    return undefined
  return dead?.reason === 'invalid_grant' ? undefined : refreshToken
}

/** The callback's query: from its URL, its path and query (`req.url`), a query string, or params. */
function callbackParams(callback: unknown): URLSearchParams {
  if (callback instanceof URLSearchParams) return callback
  if (callback instanceof URL) return callback.searchParams
  if (typeof callback !== 'string')
    throw invalidArgType(
      'zoom-auth: completeInstall needs the callback: its URL, its path and query (req.url), or its URLSearchParams',
    )
  const url = parseUrl(callback)
  if (url !== undefined) return url.searchParams
  const query = callback.slice(callback.indexOf('?') + 1).split('#')[0]!
  return new URLSearchParams(query)
}

/** Zoom's API host of the cloud the app is on, for a token answer without `api_url`. */
function defaultApiUrl(tokenUrl: string): string {
  return /(^|\.)zoomgov\.com$/i.test(new URL(tokenUrl).hostname)
    ? 'https://api.zoomgov.com'
    : 'https://api.zoom.us'
}

function optionalString(value: unknown, name: string): string | undefined {
  return value === undefined ? undefined : requireString(value, name)
}

function scopeOf(scope: unknown): string | undefined {
  if (scope === undefined) return undefined
  const scopes = typeof scope === 'string' ? scope.split(' ') : scope
  if (!Array.isArray(scopes) || scopes.some((item) => typeof item !== 'string'))
    throw invalidArgType('zoom-auth: "scope" must be a string or an array of strings')
  const joined = scopes.filter(Boolean).join(' ')
  return joined === '' ? undefined : joined
}

function checkedStateStore(store: unknown): InstallStateStore | undefined {
  if (store === undefined) return undefined
  const candidate = store as Partial<InstallStateStore> | null
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.put !== 'function' ||
    typeof candidate.take !== 'function'
  )
    throw invalidArgType('zoom-auth: "installStateStore" must implement put and take')
  return candidate as InstallStateStore
}
