import { afterEach, describe, expect, it, vi } from 'vitest'
import { callApi, issueToken, postToken, useEmulator } from './support/emulator-fixture.js'

const emulator = useEmulator()

afterEach(() => {
  vi.useRealTimers()
})

/** Moves only `Date` (the emulator's clock); sockets and timers keep real time. */
function advanceClockMs(ms: number): void {
  if (!vi.isFakeTimers()) vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(Date.now() + ms)
}

describe('revokeTokens()', () => {
  it('answers 401 code 124 "Invalid access token." for a revoked token', async () => {
    const token = await issueToken(emulator())
    emulator().revokeTokens()
    const response = await callApi(emulator(), '/v2/users/me', token)
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ code: 124, message: 'Invalid access token.' })
  })

  it('revokes every token issued so far, and none issued afterwards', async () => {
    const [first, second] = [await issueToken(emulator()), await issueToken(emulator())]
    emulator().revokeTokens()
    const fresh = await issueToken(emulator())
    const statuses = await Promise.all(
      [first, second, fresh].map(
        async (token) => (await callApi(emulator(), '/v2/users/me', token)).status,
      ),
    )
    expect(statuses).toEqual([401, 401, 200])
  })
})

describe('expireTokens()', () => {
  it('answers 401 code 124 "Access token is expired." for an expired token', async () => {
    const token = await issueToken(emulator())
    emulator().expireTokens()
    const response = await callApi(emulator(), '/v2/users/me', token)
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ code: 124, message: 'Access token is expired.' })
  })

  it('leaves tokens issued afterwards valid', async () => {
    await issueToken(emulator())
    emulator().expireTokens()
    const fresh = await issueToken(emulator())
    expect((await callApi(emulator(), '/v2/users/me', fresh)).status).toBe(200)
  })
})

describe('token lifetime', () => {
  it('keeps older tokens valid when a new one is issued, as Zoom does since 2023-09-05', async () => {
    const older = await issueToken(emulator())
    await issueToken(emulator())
    expect((await callApi(emulator(), '/v2/users/me', older)).status).toBe(200)
  })

  it('expires each token after expires_in seconds by the emulator’s clock', async () => {
    const token = await issueToken(emulator())
    advanceClockMs(3599_000)
    expect((await callApi(emulator(), '/v2/users/me', token)).status).toBe(200)
    advanceClockMs(1000)
    const response = await callApi(emulator(), '/v2/users/me', token)
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ code: 124, message: 'Access token is expired.' })
  })

  it('gives each token its own expiry', async () => {
    const first = await issueToken(emulator())
    advanceClockMs(1800_000)
    const second = await issueToken(emulator())
    advanceClockMs(1800_000)
    expect((await callApi(emulator(), '/v2/users/me', first)).status).toBe(401)
    expect((await callApi(emulator(), '/v2/users/me', second)).status).toBe(200)
  })
})

describe('setTokenTtl()', () => {
  it('sets expires_in of tokens issued from then on', async () => {
    emulator().setTokenTtl(60)
    expect(await (await postToken(emulator())).json()).toMatchObject({ expires_in: 60 })
  })

  it('leaves the expiry of tokens already issued alone', async () => {
    const token = await issueToken(emulator())
    emulator().setTokenTtl(1)
    advanceClockMs(2000)
    expect((await callApi(emulator(), '/v2/users/me', token)).status).toBe(200)
  })

  it('issues tokens that are already expired with a TTL of 0', async () => {
    emulator().setTokenTtl(0)
    const response = await postToken(emulator())
    const { access_token, expires_in } = (await response.json()) as {
      access_token: string
      expires_in: number
    }
    expect(expires_in).toBe(0)
    expect((await callApi(emulator(), '/v2/users/me', access_token)).status).toBe(401)
  })

  it('throws TypeError on a negative or non-finite TTL', () => {
    expect(() => emulator().setTokenTtl(-1)).toThrow(TypeError)
    expect(() => emulator().setTokenTtl(Number.NaN)).toThrow(TypeError)
    expect(() => emulator().setTokenTtl(Number.POSITIVE_INFINITY)).toThrow(TypeError)
  })
})

describe('the tokenTtlSeconds option', () => {
  const shortLived = useEmulator({ tokenTtlSeconds: 5 })

  it('sets expires_in', async () => {
    expect(await (await postToken(shortLived())).json()).toMatchObject({ expires_in: 5 })
  })
})
