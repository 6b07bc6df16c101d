import axios, {
  type AxiosAdapter,
  type AxiosRequestConfig,
  type AxiosResponse,
  type GenericAbortSignal,
  type InternalAxiosRequestConfig,
} from 'axios'
import type { AuthorizedCall, Authorizer, BodyReplay } from '@zoom-auth/core/adapter'
import { bodyReplayPlan, setReplayBody } from './body-replay-plan.js'
import { isFetchAdapter, sendThroughFetch } from './fetch-final-url.js'
import { redactFailure } from './redact-axios-error.js'
import { redactTransformFailures } from './redact-transform-failure.js'
import { requestUrl } from './request-url.js'

/** Whatever `config.adapter` may hold: a name, a function, or a list of them. */
export type ConfiguredAdapter = InternalAxiosRequestConfig['adapter']

type BeforeRedirect = NonNullable<AxiosRequestConfig['beforeRedirect']>

/** Marks adapters made here, across copies of this package, so a config is never wrapped twice. */
const ZOOM_AUTH_ADAPTER = Symbol.for('zoom-auth.axios.adapter')

/**
 * Where a call that replayed is kept on its config. A string key, because axios' `mergeConfig`
 * copies those (not symbols), by reference, into the config of a call that resends `error.config`,
 * as axios-retry does: such a resend is the same call, and a call replays once.
 */
const CALL = 'zoomAuthCall'

/**
 * How one send ended: axios adapters resolve, or reject (also for a status `validateStatus` refuses).
 * `url`: the response's final URL, when the send learnt it (the fetch adapter's redirects).
 */
type Outcome = ({ ok: true; response: AxiosResponse } | { ok: false; error: unknown }) & {
  url?: string | undefined
}

/**
 * True for an adapter made by {@link createZoomAuthAdapter} (by any copy of this package).
 *
 * @example
 * ```ts
 * if (!isZoomAuthAdapter(config.adapter)) config.adapter = createZoomAuthAdapter(authorizer, config.adapter)
 * ```
 */
export function isZoomAuthAdapter(adapter: unknown): boolean {
  return typeof adapter === 'function' && ZOOM_AUTH_ADAPTER in adapter
}

/**
 * Wraps the configured adapter so that the request carries the token and a 401 is answered by one
 * replay. Working below axios' interceptors and `settle` means the replay happens whatever the
 * caller's `validateStatus` and whatever other interceptors do, and the replay's own answer goes
 * through them exactly once. The call's auth (token, redirects, the 401 decision, the replay) is
 * core's `AuthorizedCall`; this only keeps it on the config and sends.
 *
 * Everything is decided on the config the adapter finally gets, after every request interceptor
 * ran: the host check sees the URL that is really requested.
 *
 * @example
 * ```ts
 * config.adapter = createZoomAuthAdapter(createAuthorizer(credentials), config.adapter)
 * ```
 */
export function createZoomAuthAdapter(
  authorizer: Authorizer,
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
    const call =
      resentCall(config, url) ?? (await authorizer.authorize(url, signal, config.zoomUser))
    if (call === undefined) return send(config)
    redactTransformFailures(config)
    const plan = bodyReplayPlan(config.data, authorizer.maxReplayBodyBytes)
    if (plan !== undefined) config.data = plan.first
    const viaFetch = isFetchAdapter(send, config)

    try {
      const first = await sendWith(send, config, call, viaFetch)
      const status = statusOf(first)
      if (status === undefined || !call.earnsReplay(status, first.url)) {
        plan?.release()
        return settle(first)
      }
      ;(config as unknown as Record<string, unknown>)[CALL] = call
      const replay = await replayOf(call, first, signal, plan)
      // The body cannot be sent again: the call retired the token; the 401 is the caller's.
      if (replay === undefined) return settle(first)
      if (plan !== undefined) setReplayBody(config, plan, replay.body)
      return settle(await sendWith(send, config, call, viaFetch))
    } catch (error) {
      plan?.release()
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

/**
 * The call a resent config (`error.config` sent again) carries from its replay: the same call, so
 * it never replays twice. Only for the same URL — an interceptor may have sent the config elsewhere,
 * and that is a new call with a host check of its own.
 */
function resentCall(config: InternalAxiosRequestConfig, url: string): AuthorizedCall | undefined {
  const kept = (config as unknown as Record<string, unknown>)[CALL] as AuthorizedCall | undefined
  return kept !== undefined && kept.url === url ? kept : undefined
}

/** The call's replay; a 401 it doesn't resend with is the caller's, so its body is kept then. */
async function replayOf(
  call: AuthorizedCall,
  first: Outcome,
  signal: AbortSignal | undefined,
  plan: BodyReplay | undefined,
) {
  try {
    const replay = await call.replay(signal, plan)
    if (replay !== undefined) discardBody(first)
    return replay
  } catch (error) {
    discardBody(first)
    throw error
  }
}

/**
 * One send with the call's current token. A redirect keeps it only within the call's origin,
 * whatever axios version or other `beforeRedirect` hook is in play (follow-redirects alone keeps it
 * for subdomains and on https→https port changes of the same host name); the call remembers a
 * redirect that left, so a 401 from there earns no replay. Works through axios' `beforeRedirect`,
 * i.e. with the Node http adapter; the fetch adapter follows the Fetch spec, which drops
 * `Authorization` on cross-origin redirects itself, and tells the final URL (`viaFetch`), so that a
 * 401 from another origin earns no replay there either.
 */
async function sendWith(
  send: AxiosAdapter,
  config: InternalAxiosRequestConfig,
  call: AuthorizedCall,
  viaFetch = false,
): Promise<Outcome> {
  config.headers.set('Authorization', call.authorization)
  const callerHook = config.beforeRedirect
  const guard: BeforeRedirect = (options, responseDetails, requestDetails) => {
    // The caller's hook first, so that nothing it does can put the token back.
    callerHook?.(options, responseDetails, requestDetails)
    const href: unknown = options['href']
    if (!call.mayFollow(typeof href === 'string' ? href : ''))
      deleteAuthorization(options['headers'])
  }
  // The caller's hook may be absent: put back as it was, `undefined` included.
  const holder: { beforeRedirect?: BeforeRedirect | undefined } = config
  holder.beforeRedirect = guard
  try {
    if (viaFetch) {
      const { outcome, url } = await sendThroughFetch(config, (adapter) =>
        outcomeOf(adapter, config),
      )
      return { ...outcome, url }
    }
    return { ok: true, response: await send(config) }
  } catch (error) {
    return { ok: false, error }
  } finally {
    // Assigned, not deleted: a delete turns axios' config into a slow dictionary object (measured
    // at about 3% of a loopback request, through every axios function that reads the config after).
    holder.beforeRedirect = callerHook
  }
}

/** One send through `adapter`, its rejection kept as an outcome. */
async function outcomeOf(
  adapter: AxiosAdapter,
  config: InternalAxiosRequestConfig,
): Promise<Outcome> {
  try {
    return { ok: true, response: await adapter(config) }
  } catch (error) {
    return { ok: false, error }
  }
}

function deleteAuthorization(headers: unknown): void {
  if (typeof headers !== 'object' || headers === null) return
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === 'authorization') delete (headers as Record<string, unknown>)[name]
  }
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
