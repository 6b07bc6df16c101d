import type { RequestPolicy } from '@zoom-auth/core'
import type { InMemoryApi } from './in-memory-api.js'

/** The URL every model request goes to; the policies under test list its host. */
export const MODEL_URL = 'https://api.example.test/v2/users/me'

/**
 * One request the way every adapter makes it, with core's request policy and nothing else: one
 * `tokenFor`, send, and on a 401 one `tokenForReplay` and one replay whose answer is final.
 *
 * @example
 * ```ts
 * const status = await modelRequest(policy, api, 1)
 * ```
 */
export async function modelRequest(
  policy: RequestPolicy,
  api: InMemoryApi,
  requestId: number,
  signal?: AbortSignal,
): Promise<number> {
  const token = await policy.tokenFor(MODEL_URL, signal)
  if (token === undefined) throw new Error('the policy gave no token for a listed host')
  const status = await api.send(
    { requestId, token, replay: false, knownExpiresAt: knownExpiry(policy, token) },
    signal,
  )
  if (!policy.shouldReplay(status)) return status
  const fresh = await policy.tokenForReplay(token, MODEL_URL, signal)
  return api.send(
    { requestId, token: fresh, replay: true, knownExpiresAt: knownExpiry(policy, fresh) },
    signal,
  )
}

/** When the provider believes `token` expires, if it is the one it holds. */
function knownExpiry(policy: RequestPolicy, token: string): number | undefined {
  const cached = policy.provider.peek()
  return cached?.accessToken === token ? cached.expiresAt : undefined
}
