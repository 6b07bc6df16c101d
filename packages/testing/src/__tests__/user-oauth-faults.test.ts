import { describe, expect, it } from 'vitest'
import { basicAuth, callApi, useEmulator } from './support/emulator-fixture.js'
import {
  authorize,
  INVALID_TOKEN,
  install,
  pkcePair,
  postForm,
  postRefresh,
  REDIRECT_URI,
} from './support/user-oauth-fixture.js'

const emulator = useEmulator()

/** The error code under fetch's `TypeError: fetch failed`. */
function causeCode(error: unknown): unknown {
  return error instanceof TypeError && error.cause instanceof Error
    ? (error.cause as { code?: unknown }).code
    : undefined
}

describe('token faults on user-level grants', () => {
  it('answer a refresh without processing it: the refresh token still works', async () => {
    const pair = await install(emulator())
    emulator().failNextTokenRequests({ status: 503 })
    expect((await postRefresh(emulator(), pair.refresh_token)).status).toBe(503)
    expect((await postRefresh(emulator(), pair.refresh_token)).status).toBe(200)
  })

  it('with afterProcessing and reset, rotate first and then reset: the answer is lost', async () => {
    const pair = await install(emulator())
    emulator().failNextTokenRequests({ afterProcessing: true, reset: true })
    const error: unknown = await postRefresh(emulator(), pair.refresh_token).catch(
      (caught: unknown) => caught,
    )
    expect(causeCode(error)).toMatch(/ECONNRESET|UND_ERR_SOCKET/)
    expect(emulator().stats).toMatchObject({ refreshGrants: 1, tokensIssued: 2 })
    const resend = await postRefresh(emulator(), pair.refresh_token)
    expect(resend.status).toBe(400)
    expect(await resend.json()).toEqual(INVALID_TOKEN)
    expect(emulator().stats).toMatchObject({
      refreshTokensPresentedTwice: 1,
      deadRefreshTokenPresentations: 1,
    })
  })

  it('with afterProcessing and a hang, rotate first and then never answer', async () => {
    const pair = await install(emulator())
    emulator().failNextTokenRequests({ afterProcessing: true, delayMs: Infinity })
    const { clientId, clientSecret } = emulator().credentials
    const error: unknown = await fetch(`${emulator().url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basicAuth(clientId, clientSecret) },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: pair.refresh_token }),
      signal: AbortSignal.timeout(200),
    }).catch((caught: unknown) => caught)
    expect((error as Error).name).toBe('TimeoutError')
    expect(emulator().stats.refreshGrants).toBe(1)
    expect((await postRefresh(emulator(), pair.refresh_token)).status).toBe(400)
  })

  it('with afterProcessing and a status, rotate first and then answer the error', async () => {
    const pair = await install(emulator())
    emulator().failNextTokenRequests({ afterProcessing: true, status: 500 })
    const response = await postRefresh(emulator(), pair.refresh_token)
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({
      reason: 'Internal Server Error',
      error: 'server_error',
    })
    expect((await postRefresh(emulator(), pair.refresh_token)).status).toBe(400)
  })

  it('with afterProcessing on a code exchange, spend the code', async () => {
    const { verifier, challenge } = pkcePair()
    const code =
      (
        await authorize(emulator(), { code_challenge: challenge, code_challenge_method: 'S256' })
      ).get('code') ?? ''
    const exchange = () =>
      postForm(emulator(), {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      })
    emulator().failNextTokenRequests({ afterProcessing: true, status: 502 })
    expect((await exchange()).status).toBe(502)
    expect(emulator().stats.authorizationCodeGrants).toBe(1)
    expect(await (await exchange()).json()).toEqual({
      reason: 'Invalid authorization code',
      error: 'invalid_grant',
    })
  })

  it('leave /oauth/authorize alone: a queued token fault waits for the next token request', async () => {
    emulator().failNextTokenRequests({ status: 503 })
    const code = (await authorize(emulator())).get('code') ?? ''
    const response = await postForm(emulator(), {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
    })
    expect(response.status).toBe(503)
  })

  it('throw TypeError when afterProcessing is not a boolean', () => {
    expect(() => emulator().failNextTokenRequests({ afterProcessing: 'yes' as never })).toThrow(
      TypeError,
    )
  })
})

describe('failNextRevokeRequests()', () => {
  const revoke = (token: string) => postForm(emulator(), { token }, '/oauth/revoke')

  it('answers the next revoke with the fault and revokes nothing', async () => {
    const pair = await install(emulator())
    emulator().failNextRevokeRequests({ status: 503 })
    const response = await revoke(pair.access_token)
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({ reason: 'Service Unavailable', error: 'server_error' })
    expect((await callApi(emulator(), '/v2/users/me', pair.access_token)).status).toBe(200)
    expect(emulator().stats).toMatchObject({ revokeRequests: 1, revocations: 0 })
  })

  it('with afterProcessing, revokes and then answers the fault', async () => {
    const pair = await install(emulator())
    emulator().failNextRevokeRequests({ afterProcessing: true, reset: true })
    await expect(revoke(pair.access_token)).rejects.toThrow(TypeError)
    expect((await callApi(emulator(), '/v2/users/me', pair.access_token)).status).toBe(401)
    expect((await postRefresh(emulator(), pair.refresh_token)).status).toBe(400)
  })

  it('is a queue of its own: token faults do not hit revokes, nor revoke faults tokens', async () => {
    const pair = await install(emulator())
    emulator().failNextRevokeRequests({ status: 500 })
    expect((await postRefresh(emulator(), pair.refresh_token)).status).toBe(200)
    emulator().failNextTokenRequests({ status: 500 })
    expect((await revoke(pair.access_token)).status).toBe(500)
    expect((await revoke(pair.access_token)).status).toBe(200)
  })
})
