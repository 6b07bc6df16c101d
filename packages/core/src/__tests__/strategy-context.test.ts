import { describe, expect, it } from 'vitest'
import { parseTokenResponse } from '../parse-token-response.js'
import { createTokenProvider } from '../token-provider.js'
import type { TokenGrant, TokenRequestContext, TokenStrategy } from '../types.js'

/** A strategy that records what the provider hands it and answers from a list. */
function recordingStrategy(answers: TokenGrant[]) {
  const contexts: TokenRequestContext[] = []
  const strategy: TokenStrategy = {
    id: 'test:recording',
    tokenUrl: 'https://auth.example.test/token',
    requestToken: async (context) => {
      contexts.push(context)
      const answer = answers.shift()
      if (!answer) throw new Error('no answer scripted')
      return answer
    },
  }
  return { strategy, contexts }
}

describe('what a strategy learns from the provider', () => {
  it('is told which access token the provider will not take again: the one it refreshes or a 401 retired', async () => {
    let now = 1_000_000
    const { strategy, contexts } = recordingStrategy([
      { accessToken: 'first', expiresInSeconds: 3600, scopes: [] },
      { accessToken: 'second', expiresInSeconds: 3600, scopes: [] },
      { accessToken: 'third', expiresInSeconds: 3600, scopes: [] },
    ])
    const provider = createTokenProvider(strategy, { now: () => now })
    await provider.getToken()
    expect(contexts[0]?.previous).toBeUndefined()
    provider.invalidate('first')
    await provider.getToken()
    expect(contexts[1]?.previous).toBe('first')
    now += 3600_000 - 10_000 // inside the expiry margin: the cached one is refreshed
    await provider.getToken()
    expect(contexts[2]?.previous).toBe('second')
    provider.close()
  })

  it('counts a token issued earlier (from a store) from its own times, not from the attempt', async () => {
    const now = 5_000_000
    const issuedAt = now - 3000_000
    const { strategy } = recordingStrategy([
      {
        accessToken: 'stored',
        expiresInSeconds: 600,
        scopes: [],
        issuedAt,
        expiresAt: issuedAt + 3600_000,
      },
    ])
    const events: unknown[] = []
    const provider = createTokenProvider(strategy, {
      now: () => now,
      onEvent: (e) => events.push(e),
    })
    const token = await provider.getToken()
    expect(token).toMatchObject({ issuedAt, expiresAt: issuedAt + 3600_000 })
    // Its whole life is an hour: the refresh-ahead window (5 min) is not clamped to half of 10 min.
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'token_fetched', expiresInMs: 3600_000 }),
    )
    provider.close()
  })
})

describe('parseTokenResponse and refresh tokens', () => {
  const base = { access_token: 'a', token_type: 'bearer', expires_in: 3599 }

  it('keeps the refresh token a user-level grant sends', () => {
    expect(parseTokenResponse({ ...base, refresh_token: 'r-1' }, 200).refreshToken).toBe('r-1')
    expect(parseTokenResponse(base, 200).refreshToken).toBeUndefined()
  })

  it.each([[''], [42], [null]])('refuses a refresh_token of %j', (refreshToken) => {
    expect(() => parseTokenResponse({ ...base, refresh_token: refreshToken }, 200)).toThrow(
      '"refresh_token" must be a non-empty string',
    )
  })
})
