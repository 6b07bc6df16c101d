import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { RequestError, type Got } from 'got'
import { describe, expect, it } from 'vitest'
import { garbage } from './support/garbage.js'
import { fastRetry, printed, tokenOf, useZoom } from './support/harness.js'

type Stream = ReturnType<Got['stream']>

/**
 * got retries a stream only through its one `'retry'` listener, which gets the failed attempt's
 * error and `createRetryStream`: a new Request, built from the failed one's options without our
 * handler. `onRetry` plays that listener.
 */
function retryOf(
  first: Stream,
  onRetry: (createRetryStream: () => Stream, error: unknown) => Stream = (create) => create(),
): Promise<Stream> {
  return new Promise((resolve) =>
    first.once('retry', (_count: number, error: unknown, createRetryStream: () => Stream) =>
      resolve(onRetry(createRetryStream, error)),
    ),
  )
}

const drain = () => new Writable({ write: (_chunk, _encoding, done) => done() })

describe('a stream got retries (createRetryStream)', () => {
  const local = useZoom()
  const retryOnce = () => local.client({ retry: { limit: 1, ...fastRetry } })

  it('sends the retry with the token and ends it as without zoom-auth', async () => {
    const { api } = retryOnce()
    local.zoom.failNextApiRequests({ status: 503 })
    const retried = await retryOf(api.stream('v2/users/me'))
    await pipeline(retried, drain())
    expect(local.sent().map(({ status, withToken }) => ({ status, withToken }))).toEqual([
      { status: 503, withToken: true },
      { status: 200, withToken: true },
    ])
  })

  it('keep the token out of the error the retry listener gets (got runs no beforeError for it)', async () => {
    const { api, provider } = retryOnce()
    local.zoom.failNextApiRequests({ status: 503 })
    let seen: unknown
    const retried = await retryOf(api.stream('v2/users/me'), (create, error) => {
      seen = error
      return create()
    })
    await pipeline(retried, drain())
    expect(seen).toBeInstanceOf(RequestError)
    expect(printed(seen).includes(tokenOf(provider))).toBe(false)
  })

  it('redact the token from the error of a retry aborted before it was sent', async () => {
    const { api, provider } = retryOnce()
    local.zoom.failNextApiRequests({ status: 503 })
    const controller = new AbortController()
    const first = api.stream('v2/users/me', { signal: controller.signal })
    const retried = await retryOf(first, (create) => {
      const stream = create()
      controller.abort() // before got flushes it, so before any hook of the retry ran
      return stream
    })
    const error = await new Promise<unknown>((resolve) => retried.once('error', resolve))
    expect(error).toBeInstanceOf(RequestError)
    expect(printed(error).includes(tokenOf(provider))).toBe(false)
    expect(local.sent()).toHaveLength(1)
  })

  it('redact the token from the error of a retry aborted mid-flight', async () => {
    const { api, provider } = retryOnce()
    local.zoom.failNextApiRequests({ status: 503 })
    local.zoom.failNextApiRequests({ delayMs: Infinity })
    const controller = new AbortController()
    const retried = await retryOf(api.stream('v2/users/me', { signal: controller.signal }))
    const failed = new Promise<unknown>((resolve) => retried.once('error', resolve))
    await new Promise((resolve) => retried.once('request', resolve))
    // The retry went out with the token (compared here: a failure prints only `false`).
    expect(retried.options.headers.authorization === `Bearer ${tokenOf(provider)}`).toBe(true)
    controller.abort()
    const error = await failed
    expect(error).toBeInstanceOf(RequestError)
    expect(printed(error).includes(tokenOf(provider))).toBe(false)
    expect((error as RequestError).options.headers.authorization).toBe('Bearer [REDACTED]')
  })

  it('keep no finished retry’s headers (its token) alive through a signal that never aborted', async () => {
    const { api } = retryOnce()
    const tracked = garbage()
    // In a function of its own, so no frame of this test still holds the last stream.
    const retryToTheEnd = async () => {
      local.zoom.failNextApiRequests({ status: 503 })
      const controller = new AbortController()
      const retried = await retryOf(api.stream('v2/users/me', { signal: controller.signal }))
      await pipeline(retried, drain())
      tracked.track(retried.options.headers)
    }
    for (let round = 0; round < 3; round++) await retryToTheEnd()
    expect(await tracked.collect()).toEqual({ tracked: 3, freed: 3 })
  })
})
