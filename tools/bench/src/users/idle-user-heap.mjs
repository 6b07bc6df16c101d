/* global gc, process */
// Heap per idle user of a user-level app: `users` grants put in core's memoryUserTokenStore (the
// built package), heap used after a full GC against before. Run with --expose-gc by
// scenarios/idle-user-heap.ts; prints one line of JSON (sizes, never a token).
import { randomBytes } from 'node:crypto'
import { memoryUserTokenStore } from '@zoom-auth/core'

const users = Number(process.argv[2] ?? 100_000)
const TOKEN_CHARS = Number(process.argv[3] ?? 700)

/** A random token of TOKEN_CHARS characters, as its own one-byte string (base64url). */
const token = () =>
  randomBytes(Math.ceil((TOKEN_CHARS * 3) / 4))
    .toString('base64url')
    .slice(0, TOKEN_CHARS)

function heapAfterGc() {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

const before = heapAfterGc()
const store = memoryUserTokenStore({ maxUsers: users })
const issuedAt = Date.now()
let firstUser
for (let i = 0; i < users; i++) {
  // Shaped like a Zoom user id (22 base64url characters), the key an install stores under.
  const userId = randomBytes(16).toString('base64url').slice(0, 22)
  firstUser ??= userId
  await store.put(userId, {
    accessToken: token(),
    refreshToken: token(),
    expiresAt: issuedAt + 3_600_000,
    issuedAt,
    scopes: ['user:read', 'meeting:write'],
    apiUrl: 'https://api.zoom.us',
    clientId: 'bench-client-id',
    userId,
    accountId: 'bench-account',
  })
}
const after = heapAfterGc()
// Still in use after the measure, so nothing of it could be collected before.
const held = (await store.get(firstUser)) !== undefined
process.stdout.write(
  `${JSON.stringify({ users, tokenChars: TOKEN_CHARS, heapBytes: after - before, held })}\n`,
)
