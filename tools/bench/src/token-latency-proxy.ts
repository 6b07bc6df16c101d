import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The emulator's OAuth routes (token, authorize, revoke) answering as slowly as real ones. */
export interface TokenLatencyProxy {
  /** Base URL: `${url}/oauth/token` reaches the emulator's token endpoint, `latencyMs` later. */
  url: string
  close(): Promise<void>
}

const FORWARDED_HEADERS = ['authorization', 'content-type', 'accept']

/**
 * Forwards every request to `upstream` after `latencyMs / 2` and answers `latencyMs / 2` after
 * the upstream answered, like a token endpoint across a network: half the delay before the token is
 * issued, half after. On loopback a token request takes about a millisecond, which would hide every
 * request that has to wait for one.
 */
export async function startTokenLatencyProxy(
  upstream: string,
  latencyMs: number,
): Promise<TokenLatencyProxy> {
  const halfMs = latencyMs / 2
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request)
      await sleep(halfMs)
      const headers = new Headers()
      for (const name of FORWARDED_HEADERS) {
        const value = request.headers[name]
        if (typeof value === 'string') headers.set(name, value)
      }
      const answer = await fetch(new URL(request.url ?? '/', upstream), {
        method: request.method ?? 'GET',
        headers,
        ...(body.length > 0 && { body: body.toString('utf8') }),
        // /oauth/authorize answers with a redirect to the app's callback: the caller follows it, not the proxy.
        redirect: 'manual',
      })
      const text = await answer.text()
      await sleep(halfMs)
      const location = answer.headers.get('location')
      response.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
        ...(location !== null && { location }),
      })
      response.end(text)
    })().catch(() => response.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
