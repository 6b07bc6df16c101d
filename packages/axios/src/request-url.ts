import type { InternalAxiosRequestConfig } from 'axios'

/** axios' own test for an absolute URL: a scheme, or none at all (`//host/…`), then `//`. */
const ABSOLUTE_URL = /^([a-z][a-z\d+\-.]*:)?\/\//i

/**
 * The URL a request is really sent to, as text. Checked instead of `baseURL`, because an absolute
 * `url` overrides `baseURL` (CVE-2025-27152). `undefined` when axios may send an absolute `url`
 * elsewhere (`allowAbsoluteUrls: false`): such a request goes through untouched, as does one whose
 * text doesn't parse as an absolute http(s) URL (a relative URL in Node, a unix socket path).
 *
 * axios' joining rules, applied directly: `axios.getUri()` gives the same answer (a spec checks that
 * against the installed axios) but merges a whole config to get there, a third of this adapter's
 * cost per request. `params` are left out: they never change the host.
 */
export function requestUrl(config: InternalAxiosRequestConfig): string | undefined {
  const url = config.url === undefined || config.url === null ? '' : String(config.url)
  const { baseURL } = config
  const hasBase = typeof baseURL === 'string' && baseURL !== ''
  const absolute = ABSOLUTE_URL.test(url)
  // An absolute url with `allowAbsoluteUrls: false` goes to baseURL + url from axios 1.8.2 on, but
  // to the url itself before (the peer range starts at 1.5): no token, wherever it goes. The same
  // for an empty baseURL, which 1.8.2 and 1.8.3 join onto too (a path on the page's origin).
  if (absolute && typeof baseURL === 'string' && refusesAbsoluteUrls(config.allowAbsoluteUrls))
    return undefined
  const uri = hasBase && !absolute ? joinUrls(baseURL, url) : url
  // In Node the text is what axios requests (the policy parses it only when it must; a relative
  // one gets no token); in a browser axios resolves it against the page.
  const page = browserLocation()
  return page === undefined ? uri : resolveAgainst(uri, page)
}

/**
 * Axios 1.8.2 to 1.15.0 test `allowAbsoluteUrls == false` (so `0`, `''`, `'0'`, `[]` … count), 1.15.1
 * on `=== false`. The axios that sends the request need not be the copy this package imports, so
 * the looser test decides: no token wherever some axios in the peer range sends it to baseURL.
 */
function refusesAbsoluteUrls(allowAbsoluteUrls: unknown): boolean {
  return allowAbsoluteUrls == false
}

function joinUrls(baseURL: string, relativeURL: string): string {
  return relativeURL ? `${baseURL.replace(/\/+$/, '')}/${relativeURL.replace(/^\/+/, '')}` : baseURL
}

function resolveAgainst(uri: string, page: string): string | undefined {
  try {
    return new URL(uri, page).href
  } catch {
    return undefined
  }
}

/** In a browser, axios resolves relative URLs against the page; in Node there is no base. */
function browserLocation(): string | undefined {
  const href = (globalThis as { location?: { href?: unknown } }).location?.href
  return typeof href === 'string' ? href : undefined
}
