import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { describe, expect, it, vi } from 'vitest'
import { createAuthorizer } from '../call/authorizer.js'
import { createTokenProvider } from '../token-provider.js'
import * as tracing from '../tracing.js'
import { failure, scriptedStrategy } from './support/scripted-strategy.js'

// The module's own functions, watched: with nobody subscribed, none of them may run.
vi.mock('../tracing.js', async (importOriginal) => {
  const original = await importOriginal<typeof tracing>()
  return {
    ...original,
    traceGetToken: vi.fn(original.traceGetToken),
    traceTokenRequest: vi.fn(original.traceTokenRequest),
    traceReplay: vi.fn(original.traceReplay),
    statusNoting: vi.fn(original.statusNoting),
  }
})

async function fullRun() {
  const scripted = scriptedStrategy()
  scripted.then(failure('server_error'))
  let now = Date.now()
  const provider = createTokenProvider(scripted.strategy, {
    now: () => now,
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
  })
  await provider.getToken()
  now += 3_600_000 - 200_000 // a cache hit that starts a background refresh
  await provider.getToken()
  await new Promise((resolve) => setImmediate(resolve)) // the background refresh is done
  const call = await createAuthorizer(provider, {}).authorize('https://api.zoom.us/v2/users/me')
  await call?.replay()
  provider.close()
}

describe('with nobody subscribed', () => {
  it('builds no trace context: getToken, token requests and replays take the untraced path', async () => {
    await fullRun()
    expect(tracing.traceGetToken).not.toHaveBeenCalled()
    expect(tracing.traceTokenRequest).not.toHaveBeenCalled()
    expect(tracing.traceReplay).not.toHaveBeenCalled()
    expect(tracing.statusNoting).not.toHaveBeenCalled()
  })

  it('traces as soon as one event of a channel has a subscriber (the same run, watched)', async () => {
    const onAsyncEnd = () => {}
    const names = [
      tracing.GET_TOKEN_CHANNEL_NAME,
      tracing.TOKEN_REQUEST_CHANNEL_NAME,
      tracing.REPLAY_CHANNEL_NAME,
    ].map((name) => `tracing:${name}:asyncEnd`)
    for (const name of names) subscribe(name, onAsyncEnd)
    try {
      await fullRun()
    } finally {
      for (const name of names) unsubscribe(name, onAsyncEnd)
    }
    // getToken: the first call, the cache hit, its background refresh, the call's token and the
    // replay's; attempts: a failed one and its retry, the background's, the replay's.
    expect(tracing.traceGetToken).toHaveBeenCalledTimes(5)
    expect(tracing.traceTokenRequest).toHaveBeenCalledTimes(4)
    expect(tracing.traceReplay).toHaveBeenCalledTimes(1)
  })
})
