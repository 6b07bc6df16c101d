// A TypeScript CommonJS consumer (.cts: require under the hood) of @zoom-auth/core, @zoom-auth/redis and @zoom-auth/testing; only compiled.
import {
  clientCredentials,
  memoryTokenStore,
  createTokenProvider,
  isZoomAuthError,
  zoomTokenProvider,
  type AccessToken,
  type TokenProvider,
  type ZoomAuthErrorCode,
} from '@zoom-auth/core'
import { redisTokenStore, type RedisClientLike } from '@zoom-auth/redis'
import { startZoomEmulator, type ZoomEmulator } from '@zoom-auth/testing'

const credentials = { accountId: 'account', clientId: 'client', clientSecret: 'secret' }

declare const redis: RedisClientLike

const provider: TokenProvider = zoomTokenProvider({
  ...credentials,
  refreshAheadMs: 60_000,
  retry: { limit: 1 },
  store: memoryTokenStore(),
})
const fleet = zoomTokenProvider({
  ...credentials,
  store: redisTokenStore(redis, { prefix: 'app:' }),
})
const generic = createTokenProvider(
  clientCredentials({
    tokenUrl: 'https://auth.example.com/token',
    clientId: 'c',
    clientSecret: 's',
  }),
)

export function explain(error: unknown): string {
  if (!isZoomAuthError(error)) return 'not ours'
  const code: ZoomAuthErrorCode = error.code
  switch (code) {
    case 'rate_limited':
      return `retry in ${error.retryAfterMs ?? 0} ms`
    default:
      return code
  }
}

export async function tokens(): Promise<AccessToken[]> {
  const emulator: ZoomEmulator = await startZoomEmulator({ tokenTtlSeconds: 60 })
  await emulator.close()
  return Promise.all([provider.getToken(), fleet.getToken(), generic.getToken()])
}
