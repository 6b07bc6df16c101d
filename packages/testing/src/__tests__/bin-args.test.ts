import { describe, expect, it } from 'vitest'
import { parseBinArgs } from '../bin-args.js'

describe('parseBinArgs()', () => {
  it('starts with default options when given no flags', () => {
    expect(parseBinArgs([])).toEqual({ kind: 'start', options: {} })
  })

  it('reads every flag, as --flag value or --flag=value', () => {
    expect(
      parseBinArgs([
        '--port',
        '9000',
        '--ttl=60',
        '--account-id',
        'acct',
        '--client-id=cid',
        '--client-secret',
        'shh',
        '--scopes',
        'a:read,b:write',
        '--rate-limit',
        '10',
      ]),
    ).toEqual({
      kind: 'start',
      options: {
        port: 9000,
        tokenTtlSeconds: 60,
        accountId: 'acct',
        clientId: 'cid',
        clientSecret: 'shh',
        scopes: ['a:read', 'b:write'],
        rateLimit: { limit: 10 },
      },
    })
  })

  it('reads --users as ID[:ACCOUNT[:EMAIL]] entries, comma-separated', () => {
    expect(parseBinArgs(['--users', 'alice, bob:acct-2,carol:acct-3:carol@c.example'])).toEqual({
      kind: 'start',
      options: {
        users: [
          { id: 'alice' },
          { id: 'bob', accountId: 'acct-2' },
          { id: 'carol', accountId: 'acct-3', email: 'carol@c.example' },
        ],
      },
    })
  })

  it('asks for help with --help or -h, whatever else is given', () => {
    expect(parseBinArgs(['--help'])).toEqual({ kind: 'help' })
    expect(parseBinArgs(['--port', '1', '-h'])).toEqual({ kind: 'help' })
  })

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['stray'], 'unexpected argument "stray"'],
    [['--port'], '--port needs a value'],
    [['--port', '--ttl', '5'], '--port needs a value'],
    [['--port='], '--port needs a value'],
    [['--port', 'abc'], '--port must be 0-65535, got "abc"'],
    [['--port', '70000'], '--port must be 0-65535, got "70000"'],
    [['--ttl', '-1'], '--ttl must be a whole number of seconds, got "-1"'],
    [['--rate-limit', '1.5'], '--rate-limit must be a whole number, got "1.5"'],
    [['--users', 'alice,,bob'], '--users must be ID[:ACCOUNT[:EMAIL]],..., got "alice,,bob"'],
    [['--users', 'a:b:c:d'], '--users must be ID[:ACCOUNT[:EMAIL]],..., got "a:b:c:d"'],
    [['--users', 'a::c'], '--users must be ID[:ACCOUNT[:EMAIL]],..., got "a::c"'],
  ])('refuses %j with a one-line message', (args, message) => {
    expect(parseBinArgs(args)).toEqual({ kind: 'error', message })
  })
})
