import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { redactOptionsOnAbort } from '../redact-on-abort.js'
import { garbage } from './support/garbage.js'

const withToken = () => ({ headers: { authorization: 'Bearer secret' } as Record<string, unknown> })

describe('redactOptionsOnAbort', () => {
  it('redacts each covered request’s header as its options hold it when the signal aborts', () => {
    const controller = new AbortController()
    const [first, second] = [withToken(), withToken()]
    redactOptionsOnAbort(first, controller.signal)
    redactOptionsOnAbort(second, controller.signal)
    second.headers = { authorization: 'Bearer secret', accept: 'application/json' } // got's new options
    controller.abort()
    expect(first.headers.authorization).toBe('Bearer [REDACTED]')
    expect(second.headers).toEqual({
      authorization: 'Bearer [REDACTED]',
      accept: 'application/json',
    })
  })

  it('adds one listener to a signal, however many requests it covers', () => {
    const controller = new AbortController()
    const covered = Array.from({ length: 5 }, withToken)
    for (const options of covered) redactOptionsOnAbort(options, controller.signal)
    redactOptionsOnAbort(covered[0]!, controller.signal)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1)
  })

  it('holds the options it covers only weakly', async () => {
    const controller = new AbortController()
    const tracked = garbage()
    const cover = () => {
      const options = withToken()
      redactOptionsOnAbort(options, controller.signal)
      tracked.track(options)
    }
    for (let round = 0; round < 5; round++) cover()
    expect(await tracked.collect()).toEqual({ tracked: 5, freed: 5 })
    expect(controller.signal.aborted).toBe(false)
  })
})
