import type { IncomingMessage } from 'node:http'

/**
 * One request as the emulator's routes see it: read once, the body decoded as UTF-8.
 *
 * @example
 * ```ts
 * const { pathname, search, body } = await readIncomingRequest(req)
 * ```
 */
export interface IncomingRequest {
  method: string
  /** The request target as received, query string included. */
  target: string
  /** Path without the query string. */
  pathname: string
  /** Query string without the `?`. */
  search: string
  contentType: string | undefined
  authorization: string | undefined
  body: string
}

/**
 * Reads `req` whole.
 *
 * @example
 * ```ts
 * const request = await readIncomingRequest(req)
 * request.pathname // '/oauth/token'
 * ```
 */
export async function readIncomingRequest(req: IncomingMessage): Promise<IncomingRequest> {
  const body = await readBody(req)
  const target = req.url ?? '/'
  const queryStart = target.indexOf('?')
  return {
    method: req.method ?? 'GET',
    target,
    pathname: queryStart < 0 ? target : target.slice(0, queryStart),
    search: queryStart < 0 ? '' : target.slice(queryStart + 1),
    contentType: req.headers['content-type'],
    authorization: req.headers.authorization,
    body,
  }
}

/**
 * The token of an `Authorization: Bearer <token>` header (the scheme in any case), if any.
 *
 * @example
 * ```ts
 * bearerToken('Bearer abc') // 'abc'
 * ```
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined
  const match = /^bearer\s+(\S+)\s*$/i.exec(authorization)
  return match?.[1]
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
