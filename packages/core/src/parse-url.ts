/**
 * An absolute URL, or `undefined`: one parse (`URL.canParse` then `new URL` would be two), on the
 * path every request takes.
 *
 * @example
 * ```ts
 * parseUrl('https://api.zoom.us/v2/users/me')?.host // 'api.zoom.us'
 * parseUrl('/v2/users/me') // undefined
 * ```
 */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}
