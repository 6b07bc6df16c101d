// A second zoom-auth process in the replace race: `<dir> <key> <expected refresh token> <count>`.
// Prints "ready", waits for a line on stdin (so that both processes race at once), then makes
// `count` concurrent replaces and prints how many it won.
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { fileUserTokenStore } from '../../user-store/file-user-token-store.js'

const [dir, key, expected, count] = process.argv.slice(2) as [string, string, string, string]
const store = fileUserTokenStore(dir)
process.stdout.write('ready\n')
await once(process.stdin, 'data')
const results = await Promise.all(
  Array.from({ length: Number(count) }, () => {
    const issuedAt = Date.now()
    return store.replace(key, expected, {
      accessToken: `access-${randomBytes(8).toString('hex')}`,
      refreshToken: `refresh-${process.pid}-${randomBytes(8).toString('hex')}`,
      issuedAt,
      expiresAt: issuedAt + 3_600_000,
      scopes: [],
      clientId: 'race-client',
    })
  }),
)
process.stdout.write(`${results.filter(Boolean).length}\n`)
process.stdin.destroy()
