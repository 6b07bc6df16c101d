import { describe, expect, it } from 'vitest'
import { basicAuth, callApi, issueToken, useEmulator } from './support/emulator-fixture.js'
import {
  INVALID_TOKEN,
  install,
  postForm,
  postRefresh,
  refresh,
} from './support/user-oauth-fixture.js'

const emulator = useEmulator()

function revoke(token: string): Promise<Response> {
  return postForm(emulator(), { token }, '/oauth/revoke')
}

describe('POST /oauth/revoke', () => {
  it('revokes the grant of an access token: its access and refresh tokens are dead', async () => {
    const pair = await install(emulator())
    const response = await revoke(pair.access_token)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'success' })
    const api = await callApi(emulator(), '/v2/users/me', pair.access_token)
    expect(api.status).toBe(401)
    expect(await api.json()).toEqual({ code: 124, message: 'Invalid access token.' })
    expect(await (await postRefresh(emulator(), pair.refresh_token)).json()).toEqual(INVALID_TOKEN)
  })

  it('revokes the grant of its live refresh token, every access token of the chain included', async () => {
    const first = await install(emulator())
    const second = await refresh(emulator(), first.refresh_token)
    expect((await revoke(second.refresh_token)).status).toBe(200)
    for (const token of [first.access_token, second.access_token]) {
      expect((await callApi(emulator(), '/v2/users/me', token)).status).toBe(401)
    }
    expect((await postRefresh(emulator(), second.refresh_token)).status).toBe(400)
  })

  it('leaves the user’s other grants and other users alone', async () => {
    emulator().addUser({ id: 'bob' })
    const mine = await install(emulator())
    const other = await install(emulator())
    const bobs = await install(emulator(), 'bob')
    await revoke(mine.access_token)
    expect((await callApi(emulator(), '/v2/users/me', other.access_token)).status).toBe(200)
    expect((await callApi(emulator(), '/v2/users/me', bobs.access_token)).status).toBe(200)
    expect((await postRefresh(emulator(), bobs.refresh_token)).status).toBe(200)
  })

  it('refuses a rotated refresh token, a revoked grant and a token never issued with 400', async () => {
    const first = await install(emulator())
    await refresh(emulator(), first.refresh_token)
    const revoked = await install(emulator())
    await revoke(revoked.access_token)
    for (const token of [first.refresh_token, revoked.access_token, revoked.refresh_token, 'x']) {
      const response = await revoke(token)
      expect(response.status).toBe(400)
      expect(await response.json()).toEqual({ reason: 'Invalid Token!', error: 'invalid_request' })
    }
  })

  it('revokes a Server-to-Server access token alone', async () => {
    const token = await issueToken(emulator())
    expect(await (await revoke(token)).json()).toEqual({ status: 'success' })
    expect((await callApi(emulator(), '/v2/users/me', token)).status).toBe(401)
  })

  it('answers 400 invalid_client to a wrong client, and revokes nothing', async () => {
    const pair = await install(emulator())
    const response = await fetch(`${emulator().url}/oauth/revoke`, {
      method: 'POST',
      headers: { authorization: basicAuth('someone-else', 'nope') },
      body: new URLSearchParams({ token: pair.access_token }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      reason: 'Invalid client_id or client_secret',
      error: 'invalid_client',
    })
    expect((await callApi(emulator(), '/v2/users/me', pair.access_token)).status).toBe(200)
  })

  it('answers 400 invalid_request without a token, and 405 to another method', async () => {
    const missing = await postForm(emulator(), {}, '/oauth/revoke')
    expect(missing.status).toBe(400)
    expect(await missing.json()).toEqual({ reason: 'Missing token', error: 'invalid_request' })
    const get = await fetch(`${emulator().url}/oauth/revoke`)
    expect(get.status).toBe(405)
  })

  it('counts revoke requests and revocations, not as token or API requests', async () => {
    const pair = await install(emulator())
    emulator().resetStats()
    await revoke(pair.access_token)
    await revoke(pair.access_token)
    expect(emulator().stats).toMatchObject({
      revokeRequests: 2,
      revocations: 1,
      tokenRequests: 0,
      apiRequests: 0,
    })
  })
})
