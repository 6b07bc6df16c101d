import { describe, expect, it, vi } from 'vitest'
import { callApi, issueToken, postToken, useEmulator } from './support/emulator-fixture.js'

const emulator = useEmulator()

/** The error code under fetch's `TypeError: fetch failed`. */
function causeCode(error: unknown): unknown {
  return error instanceof TypeError && error.cause instanceof Error
    ? (error.cause as { code?: unknown }).code
    : undefined
}

describe('failNextTokenRequests()', () => {
  it('answers the next token request with the fault’s status, JSON body and headers', async () => {
    emulator().failNextTokenRequests({
      status: 429,
      body: { reason: 'slow down', error: 'rate_limited' },
      headers: { 'retry-after': '2' },
    })
    const response = await postToken(emulator())
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('2')
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('x-zm-trackingid')).not.toBeNull()
    expect(await response.json()).toEqual({ reason: 'slow down', error: 'rate_limited' })
  })

  it('answers 500 with an OAuth-shaped body by default', async () => {
    emulator().failNextTokenRequests({})
    const response = await postToken(emulator())
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({
      reason: 'Internal Server Error',
      error: 'server_error',
    })
  })

  it('sends a string body as is', async () => {
    emulator().failNextTokenRequests({ status: 400, body: 'not json' })
    const response = await postToken(emulator())
    expect(await response.text()).toBe('not json')
  })

  it('fails exactly `count` requests, then answers normally', async () => {
    emulator().failNextTokenRequests({ status: 503 }, 2)
    const statuses = []
    for (let index = 0; index < 3; index++) statuses.push((await postToken(emulator())).status)
    expect(statuses).toEqual([503, 503, 200])
  })

  it('applies queued faults first in, first out', async () => {
    emulator().failNextTokenRequests({ status: 502 })
    emulator().failNextTokenRequests({ status: 503 }, 2)
    emulator().failNextTokenRequests({ status: 504 })
    const statuses = []
    for (let index = 0; index < 5; index++) statuses.push((await postToken(emulator())).status)
    expect(statuses).toEqual([502, 503, 503, 504, 200])
  })

  it('counts faulted requests in the stats but issues no token', async () => {
    emulator().failNextTokenRequests({ status: 500 })
    await postToken(emulator())
    expect(emulator().stats).toMatchObject({
      tokenRequests: 1,
      tokenRequestsByGrant: { account_credentials: 1 },
      tokensIssued: 0,
      apiRequests: 0,
    })
  })

  it('resets the connection with reset: true', async () => {
    emulator().failNextTokenRequests({ reset: true })
    const error: unknown = await postToken(emulator()).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TypeError)
    expect(causeCode(error)).toMatch(/ECONNRESET|UND_ERR_SOCKET/)
    expect((await postToken(emulator())).status).toBe(200)
    expect(emulator().stats.tokenRequests).toBe(2)
  })

  it('answers a proxy’s HTML error page with html: true (502 by default)', async () => {
    emulator().failNextTokenRequests({ html: true })
    const response = await postToken(emulator())
    expect(response.status).toBe(502)
    expect(response.headers.get('content-type')).toBe('text/html')
    expect(await response.text()).toBe('<html><body><h1>502 Bad Gateway</h1></body></html>')
  })

  it('waits delayMs before answering', async () => {
    emulator().failNextTokenRequests({ status: 503, delayMs: 50 })
    const startedMs = performance.now()
    const response = await postToken(emulator())
    expect(response.status).toBe(503)
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(45)
  })

  it('does not touch API requests', async () => {
    const token = await issueToken(emulator())
    emulator().failNextTokenRequests({ status: 500 })
    expect((await callApi(emulator(), '/v2/users/me', token)).status).toBe(200)
    expect((await postToken(emulator())).status).toBe(500)
  })
})

describe('failNextApiRequests()', () => {
  it('answers the next API request with the fault instead of the route', async () => {
    const token = await issueToken(emulator())
    emulator().failNextApiRequests({ status: 503, headers: { 'retry-after': '1' } })
    const response = await callApi(emulator(), '/v2/users/me', token)
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('1')
    expect(await response.json()).toEqual({ code: 503, message: 'Service Unavailable' })
    expect((await callApi(emulator(), '/v2/users/me', token)).status).toBe(200)
  })

  it('answers even requests without a token, which are faulted before authentication', async () => {
    emulator().failNextApiRequests({
      status: 401,
      body: { code: 124, message: 'Invalid access token.' },
    })
    const response = await callApi(emulator(), '/v2/users/me', undefined)
    expect(response.status).toBe(401)
    expect(emulator().stats.unauthorized).toBe(1)
  })

  it('answers 500 with a Zoom-shaped body by default', async () => {
    emulator().failNextApiRequests({})
    const response = await callApi(emulator(), '/v2/users/me', await issueToken(emulator()))
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ code: 500, message: 'Internal Server Error' })
  })

  it('fails exactly `count` requests, first in, first out', async () => {
    const token = await issueToken(emulator())
    emulator().failNextApiRequests({ status: 502 }, 2)
    emulator().failNextApiRequests({ html: true, status: 504 })
    const responses = []
    for (let index = 0; index < 4; index++) {
      responses.push(await callApi(emulator(), '/v2/users/me', token))
    }
    expect(responses.map((response) => response.status)).toEqual([502, 502, 504, 200])
    expect(await responses[2]?.text()).toBe(
      '<html><body><h1>504 Gateway Timeout</h1></body></html>',
    )
  })

  it('resets the connection with reset: true and records status 0', async () => {
    const token = await issueToken(emulator())
    emulator().failNextApiRequests({ reset: true })
    const error: unknown = await callApi(emulator(), '/v2/users/me', token).catch(
      (caught: unknown) => caught,
    )
    expect(causeCode(error)).toMatch(/ECONNRESET|UND_ERR_SOCKET/)
    expect(emulator().stats.requests).toEqual([
      { method: 'GET', path: '/v2/users/me', status: 0, token },
    ])
  })

  it('resets after the delay with reset: true and delayMs', async () => {
    emulator().failNextApiRequests({ reset: true, delayMs: 20 })
    const startedMs = performance.now()
    const error: unknown = await callApi(emulator(), '/v2/echo', undefined).catch(
      (caught: unknown) => caught,
    )
    expect(causeCode(error)).toMatch(/ECONNRESET|UND_ERR_SOCKET/)
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(15)
  })

  it('hangs with a large delay until the client gives up, and close() still ends at once', async () => {
    emulator().failNextApiRequests({ delayMs: Number.POSITIVE_INFINITY })
    const abort = new AbortController()
    const pending = callApi(emulator(), '/v2/users/me', undefined, { signal: abort.signal })
    await vi.waitFor(() => expect(emulator().stats.apiRequests).toBe(1))
    abort.abort()
    await expect(pending).rejects.toThrow(/abort/i)
    await emulator().close()
  })

  it('lets close() end a request that is still hanging', async () => {
    emulator().failNextApiRequests({ delayMs: 3_600_000 })
    const pending = callApi(emulator(), '/v2/users/me', undefined).catch(
      (caught: unknown) => caught,
    )
    await vi.waitFor(() => expect(emulator().stats.apiRequests).toBe(1))
    await emulator().close()
    expect(await pending).toBeInstanceOf(TypeError)
  })

  it('does not touch token requests', async () => {
    emulator().failNextApiRequests({ status: 500 })
    expect((await postToken(emulator())).status).toBe(200)
    expect((await callApi(emulator(), '/v2/users/me', undefined)).status).toBe(500)
  })
})

describe('fault validation', () => {
  it('throws TypeError on a count that is not a positive integer', () => {
    expect(() => emulator().failNextApiRequests({}, 0)).toThrow(TypeError)
    expect(() => emulator().failNextTokenRequests({}, 1.5)).toThrow(TypeError)
  })

  it('throws TypeError on a status outside 200-999 or a negative delay', () => {
    expect(() => emulator().failNextApiRequests({ status: 42 })).toThrow(TypeError)
    // A 1xx is informational, never an answer: the client would wait on (or drop) the connection.
    expect(() => emulator().failNextApiRequests({ status: 100 })).toThrow(TypeError)
    expect(() => emulator().failNextTokenRequests({ status: 199 })).toThrow(TypeError)
    expect(() => emulator().failNextApiRequests({ delayMs: -1 })).toThrow(TypeError)
  })

  it('throws TypeError on a header Node cannot send', () => {
    expect(() => emulator().failNextApiRequests({ headers: { 'x-bad': 'a\r\nb' } })).toThrow(
      TypeError,
    )
    expect(() => emulator().failNextApiRequests({ headers: { 'bad name': 'x' } })).toThrow(
      TypeError,
    )
  })

  it('copies the fault, so changing it afterwards changes nothing', async () => {
    const fault = { status: 503 }
    emulator().failNextTokenRequests(fault)
    fault.status = 418
    expect((await postToken(emulator())).status).toBe(503)
  })
})
