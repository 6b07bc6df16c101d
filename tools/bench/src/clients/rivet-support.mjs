/* global performance */
// What it takes to point Zoom's own SDK, @zoom/rivet 0.4, at the emulator, shared by the S2S client
// (rivet.ts) and the user-level race's processes (users/race-rivet.mjs). Plain JavaScript so that
// the race's worker processes, which run on plain node, use the same code as the bench itself.
import axios from 'axios'
import { realpathSync } from 'node:fs'
import { createRequire } from 'node:module'

/** Where rivet sends every token request (`new URL('/oauth/token', 'https://zoom.us')`): hard-coded. */
export const RIVET_OAUTH_ORIGIN = 'https://zoom.us'

/**
 * Rivet refreshes when `dayjs(expiry).diff(now, 'seconds') <= 60` (EXPIRATION_DELTA_SECONDS, a
 * constant): dayjs truncates to whole seconds, so with less than 61 s left.
 */
const RIVET_REFRESH_WINDOW_MS = 61_000
const ZOOM_TOKEN_LIFETIME_SECONDS = 3600

let routed = 0

/**
 * Routes rivet's token requests to `oauthUrl`. Rivet sends them with axios' default instance
 * (`axios({ url: 'https://zoom.us/oauth/token', ... })`) and takes no option for another host, so
 * this is a request interceptor on that default instance that rewrites the origin of those URLs,
 * and only those (`runWhen`; synchronous, so nothing else is delayed). `onToken` hears each token
 * response before rivet does. Returns the function that removes both interceptors.
 *
 * Throws when the axios rivet imports is not the one this module imports (an interceptor on
 * another copy would route nothing), and when a route is already in place.
 */
export function routeRivetOAuthTo(oauthUrl, onToken) {
  assertSharedAxios()
  if (routed > 0) throw new Error('bench: rivet is already routed to an emulator in this process')
  routed++
  const base = oauthUrl.replace(/\/$/, '')
  const request = axios.interceptors.request.use(
    (config) => {
      config.url = base + config.url.slice(RIVET_OAUTH_ORIGIN.length)
      return config
    },
    null,
    {
      synchronous: true,
      runWhen: (config) =>
        typeof config.url === 'string' && config.url.startsWith(`${RIVET_OAUTH_ORIGIN}/`),
    },
  )
  const response =
    onToken === undefined
      ? undefined
      : axios.interceptors.response.use((answer) => {
          const token = answer.data?.access_token
          if (answer.config.url === `${base}/oauth/token` && typeof token === 'string')
            onToken(token, performance.now())
          return answer
        })
  return () => {
    axios.interceptors.request.eject(request)
    if (response !== undefined) axios.interceptors.response.eject(response)
    routed--
  }
}

/** An authorize URL rivet built for https://zoom.us, on `oauthUrl` instead. */
export function rivetUrlOn(url, oauthUrl) {
  return oauthUrl.replace(/\/$/, '') + url.slice(RIVET_OAUTH_ORIGIN.length)
}

function assertSharedAxios() {
  const require = createRequire(import.meta.url)
  const rivetRequire = createRequire(require.resolve('@zoom/rivet'))
  const ours = realpathSync(require.resolve('axios/package.json'))
  const rivets = realpathSync(rivetRequire.resolve('axios/package.json'))
  if (ours !== rivets)
    throw new Error(`bench: @zoom/rivet imports another axios (${rivets}) than the bench (${ours})`)
}

/**
 * How far a rivet `TokenStore` moves each stored token's `expirationTimeIso` later so that rivet's
 * fixed 61 s window becomes the same share of the emulator's short lifetime as it is of Zoom's
 * hour (4 s tokens: the last 68 ms), as the bench scales simple-oauth2's window. Without it every
 * token shorter than 61 s would be "almost expired" from birth and rivet would fetch one per call.
 * 0 for hour-long tokens: rivet as it is.
 */
export function rivetExpiryShiftMs(tokenTtlSeconds) {
  const lifetime = Math.min(tokenTtlSeconds, ZOOM_TOKEN_LIFETIME_SECONDS)
  return (
    RIVET_REFRESH_WINDOW_MS - (RIVET_REFRESH_WINDOW_MS * lifetime) / ZOOM_TOKEN_LIFETIME_SECONDS
  )
}

/** `token` with its `expirationTimeIso` moved `shiftMs` later. */
export function shiftExpiry(token, shiftMs) {
  if (shiftMs === 0) return token
  const expiresAt = Date.parse(token.expirationTimeIso) + shiftMs
  return { ...token, expirationTimeIso: new Date(expiresAt).toISOString() }
}

/** Rivet's default in-memory `TokenStore` (TokenMemoryStore), with the expiry shift above. */
export function scaledRivetMemoryStore(tokenTtlSeconds) {
  const shiftMs = rivetExpiryShiftMs(tokenTtlSeconds)
  let current
  return {
    getLatestToken: () => current,
    storeToken: (token) => {
      current = shiftExpiry(token, shiftMs)
    },
  }
}
