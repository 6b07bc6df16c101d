import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { startZoomEmulator } from '../index.js'
import { callApi, issueToken, postToken, useEmulator } from './support/emulator-fixture.js'

describe('startZoomEmulator()', () => {
  const emulator = useEmulator()

  it('listens on 127.0.0.1 on a free port and says where', () => {
    expect(emulator().url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(emulator().host).toBe(emulator().url.slice('http://'.length))
  })

  it('accepts its default credentials', async () => {
    expect(emulator().credentials).toEqual({
      accountId: 'emulator-account',
      clientId: 'emulator-client',
      clientSecret: 'emulator-secret',
    })
    expect((await postToken(emulator())).status).toBe(200)
  })

  it('answers 1,000 concurrent API requests', { timeout: 60_000 }, async () => {
    const token = await issueToken(emulator())
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, index) =>
        callApi(emulator(), `/v2/users/me?i=${index}`, token),
      ),
    )
    expect(responses.every((response) => response.status === 200)).toBe(true)
    await Promise.all(responses.map((response) => response.arrayBuffer()))
    expect(emulator().stats.apiRequests).toBe(1000)
  })
})

describe('options', () => {
  it('accepts the credentials it is given', async () => {
    const emulator = await startZoomEmulator({
      accountId: 'acct-1',
      clientId: 'client-1',
      clientSecret: 'secret-1',
    })
    try {
      expect(emulator.credentials).toEqual({
        accountId: 'acct-1',
        clientId: 'client-1',
        clientSecret: 'secret-1',
      })
      expect((await postToken(emulator)).status).toBe(200)
    } finally {
      await emulator.close()
    }
  })

  it('listens on the port it is given', async () => {
    const probe = await startZoomEmulator()
    const port = Number(new URL(probe.url).port)
    await probe.close()
    const emulator = await startZoomEmulator({ port })
    try {
      expect(emulator.url).toBe(`http://127.0.0.1:${port}`)
    } finally {
      await emulator.close()
    }
  })

  it('rejects when the port is taken', async () => {
    const first = await startZoomEmulator()
    try {
      await expect(startZoomEmulator({ port: Number(new URL(first.url).port) })).rejects.toThrow(
        /EADDRINUSE/,
      )
    } finally {
      await first.close()
    }
  })

  it('throws TypeError on invalid options, before listening', async () => {
    await expect(startZoomEmulator({ port: 70_000 })).rejects.toThrow(TypeError)
    await expect(startZoomEmulator({ clientId: '' })).rejects.toThrow(TypeError)
    await expect(startZoomEmulator({ tokenTtlSeconds: -5 })).rejects.toThrow(TypeError)
    await expect(startZoomEmulator({ scopes: ['has space'] })).rejects.toThrow(TypeError)
  })
})

describe('close()', () => {
  it('closes keep-alive connections, so it resolves at once', async () => {
    const emulator = await startZoomEmulator()
    const token = await issueToken(emulator)
    const response = await callApi(emulator, '/v2/users/me', token)
    expect(response.headers.get('connection')).toBe('keep-alive')
    await emulator.close()
    await expect(callApi(emulator, '/v2/users/me', token)).rejects.toThrow(TypeError)
  })

  it('ends a keep-alive socket held open by a client', async () => {
    const emulator = await startZoomEmulator()
    const socketClosed = new Promise<void>((resolve) => {
      const req = request(`${emulator.url}/`, { headers: { connection: 'keep-alive' } }, (res) => {
        res.resume()
        res.socket.once('close', () => resolve())
        void emulator.close()
      })
      req.end()
    })
    await socketClosed
  })

  it('can be called twice', async () => {
    const emulator = await startZoomEmulator()
    await Promise.all([emulator.close(), emulator.close()])
    await emulator.close()
  })
})
