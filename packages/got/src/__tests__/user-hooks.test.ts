import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import got, { type ExtendOptions, type Got } from 'got'
import { afterEach, describe, expect, it } from 'vitest'
import { zoomAuth } from '../index.js'
import { fastRetry, printed, rejectionOf, tokenOf, useZoom } from './support/harness.js'

/** A server outside `hosts` that notes whether each request it got carried an Authorization header. */
async function startOtherHost(): Promise<{ url: string; withHeader: boolean[]; close(): void }> {
  const withHeader: boolean[] = []
  const server = createServer((request, response) => {
    withHeader.push(request.headers.authorization !== undefined)
    response.end('{}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://localhost:${port}`, withHeader, close: () => server.close() }
}

type Client = { api: Got; token: () => string }

describe('your own hooks, registered before or after zoomAuth', () => {
  const local = useZoom()
  const closers: Array<() => void> = []
  afterEach(() => {
    for (const close of closers.splice(0)) close()
  })

  /** The same hooks on both sides of zoomAuth: `[registered before, registered after]`. */
  function bothOrders(hooks: ExtendOptions): [Client, Client] {
    const provider = local.provider()
    const auth = zoomAuth(provider, { hosts: [local.zoom.host] })
    const token = () => tokenOf(provider)
    return [
      { api: got.extend(hooks).extend(auth), token },
      { api: got.extend(auth).extend(hooks), token },
    ]
  }

  it('decide on the URL a later beforeRequest hook sends the request to: no token to another host', async () => {
    const other = await startOtherHost()
    closers.push(other.close)
    const api = got.extend(zoomAuth(local.provider(), { hosts: [local.zoom.host] })).extend({
      hooks: {
        beforeRequest: [
          (options) => {
            options.url = new URL(`${other.url}/elsewhere`)
          },
        ],
      },
    })
    await api(`${local.zoom.url}/v2/users/me`)
    expect(other.withHeader).toEqual([false])
  })

  it('never see the token in beforeRequest, on the first attempt or on got’s retry', async () => {
    const seen: unknown[] = []
    for (const { api } of bothOrders({
      retry: { limit: 1, ...fastRetry },
      hooks: { beforeRequest: [(options) => void seen.push(options.headers.authorization)] },
    })) {
      local.zoom.failNextApiRequests({ status: 503 })
      await api(`${local.zoom.url}/v2/users/me`)
    }
    expect(seen).toEqual([undefined, undefined, undefined, undefined])
    expect(local.sent().map(({ status, withToken }) => ({ status, withToken }))).toEqual([
      { status: 503, withToken: true },
      { status: 200, withToken: true },
      { status: 503, withToken: true },
      { status: 200, withToken: true },
    ])
  })

  it('never see the token in the error beforeRetry gets, and the retry still carries it', async () => {
    const seen: string[] = []
    for (const { api, token } of bothOrders({
      retry: { limit: 1, ...fastRetry },
      hooks: { beforeRetry: [(error) => void seen.push(printed(error))] },
    })) {
      local.zoom.failNextApiRequests({ status: 503 })
      await api(`${local.zoom.url}/v2/users/me`)
      expect(seen.at(-1)?.includes(token())).toBe(false)
    }
    expect(seen).toHaveLength(2)
    expect(local.sent().map((r) => r.withToken)).toEqual([true, true, true, true])
  })

  it('never see the token in the error beforeError gets', async () => {
    const seen: string[] = []
    for (const { api, token } of bothOrders({
      hooks: { beforeError: [(error) => (seen.push(printed(error)), error)] },
    })) {
      local.zoom.failNextApiRequests({ status: 500 })
      await rejectionOf(() => api(`${local.zoom.url}/v2/users/me`, { retry: { limit: 0 } }))
      expect(seen.at(-1)?.includes(token())).toBe(false)
    }
    expect(seen).toHaveLength(2)
  })

  it('run once per attempt, however many calls an instance makes', async () => {
    let runs = 0
    const [, { api }] = bothOrders({ hooks: { beforeRequest: [() => void runs++] } })
    for (let call = 0; call < 3; call++) await api(`${local.zoom.url}/v2/users/me`)
    expect(runs).toBe(3)
  })
})
