import { createHash } from 'node:crypto'

/** Keys longer than this are cut in the file name (a hash keeps them apart). */
const READABLE_CHARS = 100

/**
 * The file name base (no extension) of a user key: readable, one per key, and safe on every file
 * system. Characters other than `A-Z a-z 0-9 _ -` are written `%XX`, so no key names a path
 * (`..`, `/`) and no two keys share a base. A key with an upper-case letter, or one cut to
 * {@link READABLE_CHARS}, or one beyond ASCII, gets a hash of the exact key after a dot (which
 * `%XX` never leaves): a case-insensitive file system (macOS, Windows) then still keeps `user` and
 * `USER` apart, and a lone surrogate (written as U+FFFD's bytes) no other key.
 *
 * @example
 * ```ts
 * grantFileName('me') // 'me'
 * grantFileName('KdYKjnimT4KPd8FFgQt9FQ') // 'KdYKjnimT4KPd8FFgQt9FQ.3f0c…' (16 hex digits)
 * grantFileName('acme:42') // 'acme%3A42'
 * ```
 */
export function grantFileName(key: string): string {
  const escaped = [...key]
    .map((char) =>
      /^[\w-]$/.test(char)
        ? char
        : [...Buffer.from(char)]
            .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
            .join(''),
    )
    .join('')
  const readable = escaped.slice(0, READABLE_CHARS)
  const plain = [...key].every((char) => char.charCodeAt(0) < 0x80 && !/[A-Z]/.test(char))
  if (readable === escaped && plain) return readable
  return `${readable}.${createHash('sha256').update(key).digest('hex').slice(0, 16)}`
}
