/**
 * Client credentials as a request presented them.
 *
 * @example
 * ```ts
 * const client: Client | undefined = basicClient(req.headers.authorization)
 * ```
 */
export interface Client {
  id: string
  secret: string
}

/**
 * The client of an `Authorization: Basic base64(id:secret)` header, if it has one.
 *
 * @example
 * ```ts
 * basicClient(`Basic ${btoa('emulator-client:emulator-secret')}`) // { id: 'emulator-client', secret: 'emulator-secret' }
 * ```
 */
export function basicClient(authorization: string | undefined): Client | undefined {
  const match = /^basic\s+(\S+)\s*$/i.exec(authorization ?? '')
  if (match?.[1] === undefined) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) }
}

/**
 * Whether `client` is the emulator's own. RFC 6749 2.3.1 form-encodes both parts before base64;
 * Zoom's examples do not. Both are accepted.
 *
 * @example
 * ```ts
 * isClient({ id: 'emulator-client', secret: 'emulator-secret' }, { clientId: 'emulator-client', clientSecret: 'emulator-secret' }) // true
 * ```
 */
export function isClient(
  client: Client,
  expected: { readonly clientId: string; readonly clientSecret: string },
): boolean {
  const matches = (id: string, secret: string) =>
    id === expected.clientId && secret === expected.clientSecret
  return (
    matches(client.id, client.secret) || matches(formDecode(client.id), formDecode(client.secret))
  )
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '))
  } catch {
    return value
  }
}
