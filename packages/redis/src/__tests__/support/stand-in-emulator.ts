// TEMPORARY: stands in for @zoom-auth/testing's startZoomEmulator until it lands.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import { once } from 'node:events'

export async function startZoomEmulator(options: { tokenTtlSeconds?: number } = {}) {
  const credentials = {
    accountId: 'acct',
    clientId: 'client-id',
    clientSecret: 'client-secret-value',
  }
  const valid = new Set<string>()
  const stats = { tokenRequests: 0, apiRequests: 0, unauthorized: 0 }
  const basic = `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    req.resume()
    req.on('end', () => {
      if (req.method === 'POST' && url.pathname === '/oauth/token') {
        stats.tokenRequests++
        if (req.headers.authorization !== basic) {
          res.writeHead(400, { 'content-type': 'application/json' })
          return res.end(
            JSON.stringify({
              error: 'invalid_client',
              reason: 'Invalid client_id or client_secret',
            }),
          )
        }
        const token = `eyJ.${randomBytes(16).toString('base64url')}`
        valid.add(token)
        res.writeHead(200, { 'content-type': 'application/json' })
        return res.end(
          JSON.stringify({
            access_token: token,
            token_type: 'bearer',
            expires_in: options.tokenTtlSeconds ?? 3600,
            scope: 'user:read:admin',
          }),
        )
      }
      stats.apiRequests++
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? ''
      if (!valid.has(token)) {
        stats.unauthorized++
        res.writeHead(401, { 'content-type': 'application/json' })
        return res.end(JSON.stringify({ code: 124, message: 'Invalid access token.' }))
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ id: 'me' }))
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    credentials,
    stats,
    revokeTokens: () => valid.clear(),
    close: async () => {
      server.closeAllConnections()
      server.close()
    },
  }
}
