import axios, {
  type AxiosAdapter,
  type AxiosResponse,
  type GenericAbortSignal,
  type InternalAxiosRequestConfig,
} from 'axios'
import type { RequestPolicy } from '@zoom-auth/core'
import { RedirectGuard } from './redirect-guard.js'
import { redactFailure } from './redact-axios-error.js'
import { redactTransformFailures } from './redact-transform-failure.js'
import { isReplayableBody } from './replayable-body.js'
import { requestUrl } from './request-url.js'

/** Whatever `config.adapter` may hold: a name, a function, or a list of them. */
export type ConfiguredAdapter = InternalAxiosRequestConfig['adapter']

/** Marks adapters made here, across copies of this package, so a config is never wrapped twice. */
const ZOOM_AUTH_ADAPTER = Symbol.for('zoom-auth.axios.adapter')

/**
 * Set on the config of a call that has replayed. A string key, because axios' `mergeConfig` copies
 * those (not symbols) into the config of a call that resends `error.config`, as axios-retry does:
 * such a resend is the same call, and a call replays once.
 */
const REPLAYED = 'zoomAuthReplayed'

/** How one send ended: axios adapters resolve, or reject (also for a status `validateStatus` refuses). */
type Outcome = { ok: true; response: AxiosResponse } | { ok: false; error: unknown }

/**
 * True for an adapter made by {@link createZoomAuthAdapter} (by any copy of this package).
 *
 * @example
 * ```ts
 * if (!isZoomAuthAdapter(config.adapter)) config.adapter = createZoomAuthAdapter(policy, config.adapter)
 * ```
 */
export function isZoomAuthAdapter(adapter: unknown): boolean {
  return typeof adapter === 'function' && ZOOM_AUTH_ADAPTER in adapter
}

/**
 * Wraps the configured adapter so that the request carries the token and a 401 is answered by one
 * replay. Working below axios' interceptors and `settle` means the replay happens whatever the
 * caller's `validateStatus` and whatever other interceptors do, and the replay's own answer goes
 * through them exactly once.
 *
 * Everything is decided on the config the adapter finally gets, after every request interceptor
 * ran: the host check sees the URL that is really requested.
 *
 * @example
 * ```ts
 * config.adapter = createZoomAuthAdapter(createRequestPolicy(credentials), config.adapter)
 * ```
 */
export function createZoomAuthAdapter(
  policy: RequestPolicy,
  configured: ConfiguredAdapter,
): AxiosAdapter {
  async function zoomAuthAdapter(config: InternalAxiosRequestConfig): Promise<AxiosResponse> {
    // Resolved per request as axios itself does, so an adapter chosen by capability (fetch) sees
    // this request's config. `||` because dispatchRequest falls back on any falsy value too.
    const send = axios.getAdapter(configured || axios.defaults.adapter, config)
    const url = requestUrl(config)
    if (url === undefined) return send(config)
    const signal = abortSignal(config.signal)
    // A token failure rejects with the ZoomAuthError itself (axios turns it into a CanceledError
    // only when the caller's signal aborted the wait).
    const token = await policy.tokenFor(url, signal)
    if (token === undefined) return send(config)
    redactTransformFailures(config)

    try {
      const first = await sendWithToken(send, config, url, token)
      const status = statusOf(first)
      if (
        status === undefined ||
        !policy.shouldReplay(status) ||
        first.leftOrigin ||
        hasReplayed(config)
      )
        return settle(first)
      if (!isReplayableBody(config.data)) {
        // The 401 still proves the token bad: retire it so the next request doesn't meet it too.
        policy.retire(token)
        return settle(first)
      }
      discardBody(first)
      markReplayed(config)
      const fresh = await policy.tokenForReplay(token, url, signal)
      return settle(await sendWithToken(send, config, url, fresh))
    } catch (error) {
      redactFailure(config, error)
      throw error
    } finally {
      // A cancellation after the response still ends in a CanceledError that carries this config.
      if (config.signal?.aborted === true || config.cancelToken?.reason !== undefined)
        redactFailure(config, undefined)
    }
  }

  Object.defineProperty(zoomAuthAdapter, ZOOM_AUTH_ADAPTER, { value: true })
  return zoomAuthAdapter
}

async function sendWithToken(
  send: AxiosAdapter,
  config: InternalAxiosRequestConfig,
  url: string,
  token: string,
): Promise<Outcome & { leftOrigin: boolean }> {
  config.headers.set('Authorization', `Bearer ${token}`)
  const redirects = new RedirectGuard(config, url)
  try {
    return { ok: true, response: await send(config), leftOrigin: redirects.leftOrigin }
  } catch (error) {
    return { ok: false, error, leftOrigin: redirects.leftOrigin }
  } finally {
    redirects.restore()
  }
}

function hasReplayed(config: InternalAxiosRequestConfig): boolean {
  return (config as unknown as Record<string, unknown>)[REPLAYED] === true
}

function markReplayed(config: InternalAxiosRequestConfig): void {
  const holder = config as unknown as Record<string, unknown>
  holder[REPLAYED] = true
}

function settle(outcome: Outcome): AxiosResponse {
  if (outcome.ok) return outcome.response
  throw outcome.error
}

/** The HTTP status of a send, also when the adapter rejected because `validateStatus` refused it. */
function statusOf(outcome: Outcome): number | undefined {
  if (outcome.ok) return outcome.response.status
  return axios.isAxiosError(outcome.error) ? outcome.error.response?.status : undefined
}

/** A 401 answered with `responseType: 'stream'` holds a socket until its body is dropped. */
function discardBody(outcome: Outcome): void {
  const data: unknown = outcome.ok
    ? outcome.response.data
    : axios.isAxiosError(outcome.error)
      ? outcome.error.response?.data
      : undefined
  if (typeof data !== 'object' || data === null) return
  const stream = data as { destroy?: unknown; cancel?: unknown }
  if (typeof stream.destroy === 'function') (stream.destroy as () => void)()
  else if (typeof stream.cancel === 'function')
    void (stream.cancel as () => Promise<void>)().catch(() => {})
}

/** axios accepts any `{ aborted, addEventListener? }`; the provider needs a real listener API. */
function abortSignal(signal: GenericAbortSignal | undefined): AbortSignal | undefined {
  return signal !== undefined &&
    typeof signal.addEventListener === 'function' &&
    typeof signal.removeEventListener === 'function'
    ? (signal as AbortSignal)
    : undefined
}
