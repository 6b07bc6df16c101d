import { createHash } from 'node:crypto'

/** A short, secret-free digest naming a credential set; used as the strategy id and store key. */
export function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 22)
}
