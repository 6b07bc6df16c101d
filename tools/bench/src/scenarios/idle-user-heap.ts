import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { BenchConfig } from '../bench-config.js'

export interface IdleUserHeapResult {
  users: number
  /** Length of each generated access and refresh token. */
  tokenChars: number
  /** Heap used after a full GC with the users stored, minus before, divided by the users. */
  bytesPerUser: number
  /** Of which the grant's two token strings (one byte per character, plus V8's string header). */
  tokenBytesPerUser: number
}

const SCRIPT = fileURLToPath(new URL('../users/idle-user-heap.mjs', import.meta.url))
/** About a Zoom user token's length (a JWT); the emulator's are shorter. */
const TOKEN_CHARS = 700
/** V8's header of a sequential one-byte string on 64-bit with pointer compression (rounded up). */
const STRING_HEADER_BYTES = 16

/**
 * Heap per idle user: `users` grants (700-character access and refresh tokens, scopes, ids) put
 * in core's memoryUserTokenStore, in a child `node --expose-gc` on the built package, heap used
 * after a full GC against before, per user.
 */
export async function idleUserHeap(config: BenchConfig): Promise<IdleUserHeapResult> {
  const { users } = config.idleUsers
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', SCRIPT, String(users), String(TOKEN_CHARS)],
    { maxBuffer: 1024 * 1024 },
  )
  const measured = JSON.parse(stdout.trim()) as { heapBytes: number; held: boolean }
  if (!measured.held) throw new Error('idle-user heap: the store lost a grant it was given')
  return {
    users,
    tokenChars: TOKEN_CHARS,
    bytesPerUser: Math.round(measured.heapBytes / users),
    tokenBytesPerUser: 2 * (TOKEN_CHARS + STRING_HEADER_BYTES),
  }
}
