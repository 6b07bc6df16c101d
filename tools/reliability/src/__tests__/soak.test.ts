import { getEventListeners } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createAuthorizer } from '@zoom-auth/core/adapter'
import {
  createTokenProvider,
  zoomTokenProvider,
  type TokenProvider,
  type ZoomAuthEvent,
} from '@zoom-auth/core'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'
import { drivers } from '../drivers.js'
import { collectGarbage, livePromiseCount } from '../live-promises.js'
import { inMemoryApi } from '../race-model/in-memory-api.js'
import { modelRequest } from '../race-model/model-client.js'
import { scriptedEndpoint } from '../race-model/scripted-endpoint.js'
import { countingFetch } from '../counting-fetch.js'
import { flushMicrotasks } from '../real-timers.js'
import { countSubscriptions } from '../subscription-counter.js'
import { trackUnhandledRejections } from '../unhandled-rejections.js'

trackUnhandledRejections()

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
const LIFETIME_SECONDS = 3600
const REFRESH_AHEAD_MS = 300_000 // the default

/**
 * Fetches a day of steady traffic may cost: never fewer than one per lifetime, and at most one per
 * (lifetime − refresh-ahead window), since each token is replaced inside its refresh-ahead window.
 */
const FETCHES = {
  min: Math.ceil(DAY_MS / (LIFETIME_SECONDS * 1000)),
  max: 1 + Math.ceil(DAY_MS / (LIFETIME_SECONDS * 1000 - REFRESH_AHEAD_MS)),
}

/** One request burst per simulated minute (core) or per 3 minutes (adapters, real sockets). */
const STEP_MS = 60_000
const ADAPTER_STEP_MS = 180_000
// A leak of one promise per request or per refresh would exceed this within the day.
const PROMISE_GROWTH_LIMIT = 20

interface HourSample {
  timers: number
  abortListeners: number
  subscriptions: number
}

function useDayClock() {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  })
}

let emulator: ZoomEmulator | undefined
const providers: TokenProvider[] = []

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.close()
  vi.useRealTimers()
  await emulator?.close()
  emulator = undefined
})

function fetchedEvents(events: ZoomAuthEvent[]) {
  return events.filter((event) => event.type === 'token_fetched')
}

describe('soak: 24 simulated hours of steady traffic', () => {
  it('through core: about one fetch per lifetime, all ahead of expiry, nothing grows', async () => {
    useDayClock()
    const endpoint = scriptedEndpoint({
      lifetimeSeconds: LIFETIME_SECONDS,
      now: () => Date.now(),
      autoAnswerAfterMs: 200,
    })
    const provider = createTokenProvider(endpoint.strategy, { now: () => Date.now() })
    const subscriptions = countSubscriptions(provider)
    const events: ZoomAuthEvent[] = []
    const stopListening = provider.subscribe((event) => events.push(event))
    const authorizer = createAuthorizer(provider, { hosts: ['api.example.test'] })
    const api = inMemoryApi(endpoint, {
      lifetimeSeconds: LIFETIME_SECONDS,
      now: () => Date.now(),
      autoDeliver: true,
    })
    // One signal for the whole app (a shutdown signal, say), passed to every request.
    const app = new AbortController()
    const samples: HourSample[] = []
    let waited = 0
    let requests = 0
    const promisesAtStart = await livePromiseCount()

    // A burst of 5 requests every minute: every refresh-ahead window (≥ 216 s) sees traffic.
    for (let elapsed = 0; elapsed < DAY_MS; elapsed += STEP_MS) {
      const burst = Array.from({ length: 5 }, () => {
        const request = {
          settled: false,
          status: modelRequest(authorizer, api, ++requests, app.signal),
        }
        void request.status.finally(() => (request.settled = true))
        return request
      })
      await flushMicrotasks()
      // Still pending after every microtask ran: it waits for the token endpoint (200 ms away).
      waited += burst.filter((request) => !request.settled).length
      await vi.advanceTimersByTimeAsync(STEP_MS)
      expect(await Promise.all(burst.map((request) => request.status))).toEqual(Array(5).fill(200))
      if ((elapsed + STEP_MS) % HOUR_MS === 0) samples.push(sample(app.signal, subscriptions))
    }

    expect(requests).toBe(5 * (DAY_MS / STEP_MS))
    // Only the very first burst waited for a token.
    expect(waited).toBe(5)
    expect(endpoint.stats.attempts).toBeGreaterThanOrEqual(FETCHES.min)
    expect(endpoint.stats.attempts).toBeLessThanOrEqual(FETCHES.max)
    const fetched = fetchedEvents(events)
    expect(fetched).toHaveLength(endpoint.stats.attempts)
    expect(fetched.slice(1).every((event) => event.background)).toBe(true)
    expect(events.some((event) => event.type === 'refresh_failed')).toBe(false)
    expect(api.unauthorized).toBe(0)
    expect(samples).toHaveLength(24)
    for (const hour of samples)
      expect(hour).toEqual({ timers: 0, abortListeners: 0, subscriptions: 1 })
    expect((await livePromiseCount()) - promisesAtStart).toBeLessThan(PROMISE_GROWTH_LIMIT)

    stopListening()
    provider.close()
  })

  it('through every adapter side by side against the emulator', async () => {
    emulator = await startZoomEmulator({ tokenTtlSeconds: LIFETIME_SECONDS })
    useDayClock()
    const clients = drivers.map((driver) => {
      const app = new AbortController()
      const transport = countingFetch()
      const provider = zoomTokenProvider({
        ...emulator!.credentials,
        oauthBaseUrl: emulator!.url,
        fetch: transport.fetch,
        now: () => Date.now(),
      })
      providers.push(provider)
      const subscriptions = countSubscriptions(provider)
      const events: ZoomAuthEvent[] = []
      provider.subscribe((event) => events.push(event))
      const send = driver.client(provider, { hosts: [emulator!.host] })
      return {
        name: driver.name,
        app,
        transport,
        subscriptions,
        events,
        send,
        samples: [] as Array<Omit<HourSample, 'abortListeners'>>,
      }
    })
    const promisesAtStart = await livePromiseCount()

    for (let elapsed = 0; elapsed < DAY_MS; elapsed += ADAPTER_STEP_MS) {
      const outcomes = await Promise.all(
        clients.map((client) =>
          client.send({ url: `${emulator!.url}/v2/users/me`, signal: client.app.signal }),
        ),
      )
      for (const outcome of outcomes) expect(outcome).toMatchObject({ ok: true, status: 200 })
      // A background refresh runs over real sockets: let it land before the clock moves on.
      await Promise.all(clients.map((client) => client.transport.idle()))
      await vi.advanceTimersByTimeAsync(ADAPTER_STEP_MS)
      if ((elapsed + ADAPTER_STEP_MS) % HOUR_MS === 0) {
        for (const client of clients) {
          const { timers, subscriptions } = sample(client.app.signal, client.subscriptions)
          client.samples.push({ timers, subscriptions })
        }
      }
    }

    expect(emulator.stats.apiRequests).toBe(drivers.length * (DAY_MS / ADAPTER_STEP_MS))
    expect(emulator.stats.unauthorized).toBe(0)
    for (const client of clients) {
      const fetched = fetchedEvents(client.events)
      expect(fetched.length, client.name).toBeGreaterThanOrEqual(FETCHES.min)
      expect(fetched.length, client.name).toBeLessThanOrEqual(FETCHES.max)
      expect(
        fetched.slice(1).every((event) => event.background),
        client.name,
      ).toBe(true)
      expect(
        client.events.some((event) => event.type === 'refresh_failed'),
        client.name,
      ).toBe(false)
      expect(client.samples, client.name).toHaveLength(24)
      for (const hour of client.samples)
        expect(hour, client.name).toEqual({ timers: 0, subscriptions: 1 })
    }
    // Node's fetch holds a listener per request on the caller's signal until the request is
    // collected (ky and the fetch adapter go through it): count what survives a collection.
    await collectGarbage()
    for (const client of clients) {
      expect(getEventListeners(client.app.signal, 'abort').length, client.name).toBeLessThanOrEqual(
        1,
      )
    }
    expect(emulator.stats.tokenRequests).toBe(
      clients.reduce((total, client) => total + fetchedEvents(client.events).length, 0),
    )
    expect((await livePromiseCount()) - promisesAtStart).toBeLessThan(PROMISE_GROWTH_LIMIT)
    // A simulated day over real sockets for every adapter: about 12 s alone, more on busy cores.
  }, 60_000)
})

/** Timers, listeners on the app's signal and subscriptions: all must stay flat over the day. */
function sample(signal: AbortSignal, subscriptions: { readonly active: number }): HourSample {
  return {
    timers: vi.getTimerCount(),
    abortListeners: getEventListeners(signal, 'abort').length,
    subscriptions: subscriptions.active,
  }
}
