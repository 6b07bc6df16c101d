import { ZoomAuthError, type ZoomAuthErrorCode } from '../../errors.js'
import type { TokenGrant, TokenRequestContext, TokenStrategy } from '../../types.js'

type Answer = TokenGrant | ZoomAuthError | 'hang'

/**
 * A strategy whose answers the test scripts, with no HTTP: counts calls, answers from a queue
 * (then issues fresh tokens), and can hang until the attempt's signal aborts.
 */
export function scriptedStrategy(options: { expiresInSeconds?: number } = {}) {
  const answers: Answer[] = []
  const signals: AbortSignal[] = []
  let issued = 0
  const strategy: TokenStrategy & { calls: number; signals: AbortSignal[] } = {
    id: 'test:scripted',
    tokenUrl: 'https://auth.example.test/token',
    calls: 0,
    signals,
    async requestToken(context: TokenRequestContext) {
      strategy.calls++
      signals.push(context.signal)
      const answer = answers.shift() ?? grant(`token-${++issued}`, options.expiresInSeconds ?? 3600)
      if (answer === 'hang') {
        return new Promise<TokenGrant>((_, reject) => {
          context.signal.addEventListener('abort', () => reject(new Error('aborted by signal')), {
            once: true,
          })
        })
      }
      // Answer on a later tick, as a real endpoint would.
      await Promise.resolve()
      if (answer instanceof ZoomAuthError) throw answer
      return answer
    },
  }
  return {
    strategy,
    then: (...next: Answer[]) => answers.push(...next),
  }
}

export function grant(accessToken: string, expiresInSeconds = 3600, apiUrl?: string): TokenGrant {
  return { accessToken, expiresInSeconds, scopes: ['user:read:admin'], ...(apiUrl && { apiUrl }) }
}

export function failure(
  code: ZoomAuthErrorCode,
  details: ConstructorParameters<typeof ZoomAuthError>[2] = {},
) {
  return new ZoomAuthError(code, `scripted ${code}`, details)
}
