import { describe, expect, it } from 'vitest'
import { UNDICI_REPLAYS, undiciDriver } from '../contracts.js'

const zoomAuth = () => () => () => true
/** What undiciDriver uses of undici, as plain stand-ins: nothing is sent here. */
const undici = {
  Agent: class {
    compose() {
      return {}
    }
  },
  request: async () => undefined,
  interceptors: { redirect: () => () => () => true },
}
const typeError = (code: string) =>
  expect.objectContaining({
    name: 'TypeError',
    code,
    message: expect.stringMatching(/^zoom-auth\/testing: /),
  })

describe('undiciDriver arguments', () => {
  it.each<[string, () => unknown, string]>([
    ['no parts', () => undiciDriver(undefined as never), 'ERR_INVALID_ARG_TYPE'],
    ['no undici', () => undiciDriver({ zoomAuth } as never), 'ERR_INVALID_ARG_TYPE'],
    [
      'an undici without interceptors.redirect (older than 6.9)',
      () => undiciDriver({ undici: { ...undici, interceptors: {} }, zoomAuth } as never),
      'ERR_INVALID_ARG_TYPE',
    ],
    ['no zoomAuth', () => undiciDriver({ undici } as never), 'ERR_INVALID_ARG_TYPE'],
    [
      'an agent that is not a function',
      () => undiciDriver({ undici, zoomAuth, agent: {} } as never),
      'ERR_INVALID_ARG_TYPE',
    ],
    [
      'a redirect side other than inside or outside',
      () => undiciDriver({ undici, zoomAuth, redirect: 'before' } as never),
      'ERR_INVALID_ARG_VALUE',
    ],
  ])('throws %s', (_, build, code) => {
    expect(build).toThrow(typeError(code))
  })

  it("is named after the redirect interceptor's side, and declares undici's replays", () => {
    const parts = { undici, zoomAuth } as never
    expect(undiciDriver(parts).name).toBe('undici')
    expect(undiciDriver({ ...(parts as object), redirect: 'outside' } as never).name).toBe(
      'undici (redirect outside)',
    )
    expect(undiciDriver(parts).replays).toEqual(UNDICI_REPLAYS)
    expect(UNDICI_REPLAYS['form-data']).toMatchObject({ outcome: 'same-parts' })
    expect(Object.values(UNDICI_REPLAYS).filter((cell) => cell !== 'identical')).toHaveLength(1)
  })
})
