import { describe, expect, it } from 'vitest'
import { renderings, SecretSet } from '../contracts.js'

const credentials = { clientId: 'emulator-client', clientSecret: 'emulator-secret' }

describe('the secret scan', () => {
  it('finds a token, the secret and the Basic header wherever they appear', () => {
    const secrets = new SecretSet(credentials)
    secrets.addTokens(['header.payload.signature-that-is-long-enough'])
    const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString(
      'base64',
    )
    expect(
      secrets.leaksIn([
        ['a', 'Authorization: Bearer header.payload.signature-that-is-long-enough'],
        ['b', `{"secret":"${credentials.clientSecret}"}`],
        ['c', `authorization: Basic ${basic}`],
        ['d', 'cut: …signature-that-is-long-enough'],
      ]),
    ).toEqual([
      'issued token #1 in a',
      'the signature of issued token #1 in a',
      'the client secret in b',
      'the Basic credentials (base64 of id:secret) in c',
      'the Basic header in c',
      'the signature of issued token #1 in d',
    ])
  })

  it('renders an error the ways logs do: message, stack, inspect, JSON, cycle-safe JSON', () => {
    const error = Object.assign(new Error('failed'), { config: { headers: { a: 'b' } } })
    ;(error as unknown as { self: unknown }).self = error
    expect(renderings(error, 'error').map(([where]) => where)).toEqual([
      'error.message',
      'error.stack',
      'String(error)',
      'util.inspect(error)',
      'util.inspect(error, { depth: 12 })',
      'cycle-safe JSON of error',
    ])
  })
})
