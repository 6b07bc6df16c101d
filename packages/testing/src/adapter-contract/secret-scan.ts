import { inspect } from 'node:util'

/**
 * A value that must never appear in anything the library produces, with a printable label.
 *
 * @example
 * ```ts
 * const secret: Secret = { label: 'the client secret', value: credentials.clientSecret }
 * ```
 */
export interface Secret {
  /** Safe to print: says what the secret is, never what it is. */
  label: string
  /** The secret itself, as it would appear in a text. */
  value: string
}

/**
 * Everything secret about one set of credentials and the tokens issued for it. Tokens are added as
 * they become known; each token is also checked by its signature part alone, so that a token cut
 * short or split across lines is still found.
 *
 * @example
 * ```ts
 * const secrets = new SecretSet(emulator.credentials)
 * secrets.addTokens(emulator.stats.requests.map((request) => request.token))
 * expect(secrets.leaksIn(renderings(error, 'error'))).toEqual([])
 * ```
 */
export class SecretSet {
  readonly #secrets: Secret[] = []
  readonly #tokens = new Set<string>()

  constructor(credentials: { clientId: string; clientSecret: string }) {
    this.addCredentials(credentials)
  }

  /** Adds another credential set (a wrong secret that was sent is a secret too). */
  addCredentials(credentials: { clientId: string; clientSecret: string }): void {
    const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString(
      'base64',
    )
    this.#secrets.push(
      { label: 'the client secret', value: credentials.clientSecret },
      { label: 'the Basic credentials (base64 of id:secret)', value: basic },
      { label: 'the Basic header', value: `Basic ${basic}` },
    )
    // RFC 6749 §2.3.1 form-encodes id and secret before base64; look for that variant too.
    const encoded = Buffer.from(
      `${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`,
    ).toString('base64')
    if (encoded !== basic)
      this.#secrets.push({ label: 'the form-encoded Basic credentials', value: encoded })
  }

  /**
   * A `fetch` for a provider's token requests that adds every token the endpoint issues, including
   * tokens the API never saw.
   */
  recordingFetch(inner: typeof fetch = globalThis.fetch): typeof fetch {
    return async (input, init) => {
      const response = await inner(input, init)
      const text = await response.clone().text()
      const match = /"access_token"\s*:\s*"([^"]+)"/.exec(text)
      if (match?.[1] !== undefined) this.addTokens([match[1]])
      return response
    }
  }

  /** Adds issued access tokens (duplicates and `undefined` are ignored). */
  addTokens(tokens: Iterable<string | undefined>): void {
    for (const token of tokens) {
      if (token === undefined || token === '' || this.#tokens.has(token)) continue
      this.#tokens.add(token)
      const number = this.#tokens.size
      this.#secrets.push({ label: `issued token #${number}`, value: token })
      const signature = token.split('.').at(-1)
      if (signature !== undefined && signature !== token && signature.length >= 16)
        this.#secrets.push({ label: `the signature of issued token #${number}`, value: signature })
    }
  }

  /** How many distinct tokens are known: a scan that knows no token proves little. */
  get tokenCount(): number {
    return this.#tokens.size
  }

  /**
   * Which secrets appear in which texts, as printable findings such as
   * `"issued token #2" in util.inspect(error)`. Empty when nothing leaked.
   */
  leaksIn(texts: ReadonlyArray<readonly [label: string, text: string]>): string[] {
    const findings: string[] = []
    for (const [where, text] of texts) {
      for (const secret of this.#secrets) {
        if (text.includes(secret.value)) findings.push(`${secret.label} in ${where}`)
      }
    }
    return findings
  }
}

/**
 * The ways a value ends up in logs: its message and stack (for errors), `util.inspect` as
 * `console.log` prints it and at full depth, `JSON.stringify` as a plain logger calls it, and a
 * cycle-safe `JSON.stringify` as pino-style loggers do.
 *
 * @example
 * ```ts
 * secrets.leaksIn(renderings(error, 'the axios error'))
 * ```
 */
export function renderings(value: unknown, name: string): Array<[string, string]> {
  const texts: Array<[string, string]> = []
  if (value instanceof Error) {
    texts.push([`${name}.message`, value.message])
    texts.push([`${name}.stack`, value.stack ?? ''])
    texts.push([`String(${name})`, String(value)])
  }
  texts.push([`util.inspect(${name})`, inspect(value)])
  texts.push([`util.inspect(${name}, { depth: 12 })`, inspect(value, { depth: 12 })])
  try {
    texts.push([`JSON.stringify(${name})`, JSON.stringify(value) ?? ''])
  } catch {
    // Circular (a socket, say): plain JSON.stringify throws, so nothing can leak that way.
  }
  texts.push([`cycle-safe JSON of ${name}`, safeJson(value)])
  return texts
}

/** JSON.stringify that replaces repeated objects instead of throwing, and shows errors' fields. */
function safeJson(value: unknown): string {
  const seen = new WeakSet<object>()
  try {
    return (
      JSON.stringify(value, function (_key, current: unknown) {
        if (typeof current === 'bigint') return current.toString()
        if (typeof current !== 'object' || current === null) return current
        if (seen.has(current)) return '[Circular]'
        seen.add(current)
        if (current instanceof Error) {
          // Loggers serialise errors as message, stack and their own enumerable fields.
          return { ...current, name: current.name, message: current.message, stack: current.stack }
        }
        return current
      }) ?? ''
    )
  } catch (error) {
    return `[unserialisable: ${(error as Error).name}]`
  }
}
