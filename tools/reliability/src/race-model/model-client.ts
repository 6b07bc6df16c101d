import type { Authorizer } from '@zoom-auth/core/adapter'
import type { InMemoryApi } from './in-memory-api.js'

/** The URL every model request goes to; the policies under test list its host. */
export const MODEL_URL = 'https://api.example.test/v2/users/me'

/**
 * One request the way every adapter makes it, with core's per-call object and nothing else: one
 * `authorize`, send, and on a 401 that `earnsReplay` one `replay` whose answer is final.
 *
 * @example
 * ```ts
 * const status = await modelRequest(authorizer, api, 1)
 * ```
 */
export async function modelRequest(
  authorizer: Authorizer,
  api: InMemoryApi,
  requestId: number,
  signal?: AbortSignal,
): Promise<number> {
  const call = await authorizer.authorize(MODEL_URL, signal)
  if (call === undefined) throw new Error('the authorizer gave no token for a listed host')
  const token = tokenOf(call.authorization)
  const status = await api.send(
    { requestId, token, replay: false, knownExpiresAt: knownExpiry(authorizer, token) },
    signal,
  )
  if (!call.earnsReplay(status)) return status
  const replay = await call.replay(signal)
  if (replay === undefined) return status
  const fresh = tokenOf(replay.authorization)
  return api.send(
    { requestId, token: fresh, replay: true, knownExpiresAt: knownExpiry(authorizer, fresh) },
    signal,
  )
}

function tokenOf(authorization: string): string {
  return authorization.slice('Bearer '.length)
}

/** When the provider believes `token` expires, if it is the one it holds. */
function knownExpiry(authorizer: Authorizer, token: string): number | undefined {
  const cached = authorizer.providerFor().peek()
  return cached?.accessToken === token ? cached.expiresAt : undefined
}
