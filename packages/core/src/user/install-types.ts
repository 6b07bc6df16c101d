/** Options of `zoomUsers` for installing the app (authorization code with PKCE) and revoking. */
export interface ZoomUsersInstallOptions {
  /**
   * Where Zoom sends the browser back: the app's callback route, exactly as registered for the app
   * in the Marketplace (Zoom compares the strings). https, or plain http on loopback. Needed by
   * `beginInstall` and `completeInstall` (a TypeError there when missing).
   */
  redirectUri?: string
  /**
   * 32 bytes (a Buffer, 64 hex characters, or base64 — `openssl rand -base64 32`) that seal the
   * install state. Every process of a fleet must be given the same one: the callback may reach
   * another process than the one that began the install. Default: random, this `zoomUsers`' own.
   */
  stateSecret?: string | Uint8Array
  /** How long a user has from `beginInstall` to the callback. Default 600_000 (10 minutes). */
  stateTtlMs?: number
  /**
   * Scopes to ask for (`scope` of the authorize URL). Default: none, so Zoom asks for the scopes
   * set on the app in the Marketplace.
   */
  scope?: string | readonly string[]
  /**
   * Server-side install state, single-use: the state in the URL is then a random id, and the
   * sealed verifier stays in this store until the callback takes it. Default: none (the sealed
   * state travels in the URL and may be completed more than once within `stateTtlMs`; the code
   * it comes with is single-use at Zoom anyway).
   */
  installStateStore?: InstallStateStore
}

/**
 * Where single-use install states live, shared by the fleet (Redis `SET … PX` and `GETDEL`, a
 * table with an expiry column). Values are already sealed: the store never holds a readable
 * PKCE verifier.
 *
 * @example
 * ```ts
 * const installStateStore: InstallStateStore = {
 *   put: async (id, value, ttlMs) => void (await redis.set(`zoom-install:${id}`, value, 'PX', ttlMs)),
 *   take: async (id) => (await redis.getdel(`zoom-install:${id}`)) ?? undefined,
 * }
 * ```
 */
export interface InstallStateStore {
  /** Keeps `value` under `id` for `ttlMs`. */
  put(id: string, value: string, ttlMs: number): Promise<void>
  /** The value under `id`, removed in the same step (a second take gets `undefined`). */
  take(id: string): Promise<string | undefined>
}

/** Options of {@link ZoomUsersInstall.beginInstall}. */
export interface BeginInstallOptions {
  /**
   * What the install belongs to on the app's side, such as its session id: the callback must
   * name the same (`completeInstall(…, { binding })`), so a code and state taken from one browser
   * can't be completed in another session. Sealed as a hash.
   */
  binding?: string
}

/** Where to send the user's browser, and the state it carries. */
export interface InstallRedirect {
  /** `{oauthBaseUrl}/oauth/authorize?response_type=code&client_id=…&redirect_uri=…&state=…&code_challenge=…&code_challenge_method=S256`. */
  url: string
  /** The `state` in `url`: opaque, sealed (or an `installStateStore` id). */
  state: string
}

/** Options of {@link ZoomUsersInstall.completeInstall}. */
export interface CompleteInstallOptions {
  /** The `binding` given to `beginInstall`, if one was. */
  binding?: string
  /**
   * The app's own key for this user. Given, the grant is stored under it and `GET /v2/users/me`
   * is not asked; left out, the key is Zoom's user id.
   */
  key?: string
}

/** A completed install: the grant is stored under `key`. */
export interface InstalledUser {
  /** The user key the grant is stored under: `users.forUser(key)`. */
  key: string
  /** Zoom's user id, from `GET /v2/users/me` (absent when the app gave its own `key`). */
  userId?: string
  /** Zoom's account id, from `GET /v2/users/me` (absent when the app gave its own `key`). */
  accountId?: string
}

/** Installing and uninstalling users: the app's two install routes, and revoking. */
export interface ZoomUsersInstall {
  /**
   * The authorize URL to redirect the user's browser to, with a sealed `state` and a PKCE S256
   * challenge. Rejects with a TypeError when `redirectUri` was not given to `zoomUsers`.
   *
   * @example
   * ```ts
   * const { url } = await users.beginInstall({ binding: session.id })
   * response.writeHead(302, { location: url }).end()
   * ```
   */
  beginInstall(options?: BeginInstallOptions): Promise<InstallRedirect>
  /**
   * Completes the callback: checks `error` and `state`, exchanges the code (`authorization_code`
   * with `redirect_uri` and `code_verifier`), identifies the user (`GET /v2/users/me`) unless
   * `key` is given, and stores the grant. Failures are ZoomAuthErrors and store nothing.
   *
   * @example
   * ```ts
   * const { key } = await users.completeInstall(request.url!, { binding: session.id })
   * ```
   */
  completeInstall(
    callback: URL | string | URLSearchParams,
    options?: CompleteInstallOptions,
  ): Promise<InstalledUser>
  /**
   * Revokes the user's grant at Zoom (`POST /oauth/revoke` with the refresh token), then forgets
   * the user. Resolves at once when no grant is stored; a grant Zoom already considers dead is
   * forgotten too. Any other failure rejects, and the grant is kept so that revoke can be retried.
   *
   * @example
   * ```ts
   * await users.revoke('user-42') // the user's next call: reauthorization_required
   * ```
   */
  revoke(key: string): Promise<void>
}
