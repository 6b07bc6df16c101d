import axios, { type AxiosRequestConfig, type InternalAxiosRequestConfig } from 'axios'

/**
 * An Axios without defaults: its `getUri` applies exactly the URL rules of the installed axios
 * (baseURL joining, absolute URLs overriding it, `allowAbsoluteUrls`) and nothing else.
 */
const uriBuilder = new axios.Axios({})

/**
 * The URL a request is really sent to. Checked instead of `baseURL`, because an absolute `url`
 * overrides `baseURL` (CVE-2025-27152). `undefined` when there is no absolute http(s)-parseable URL
 * (a relative URL in Node, a unix socket path): such a request goes through untouched.
 */
export function requestUrl(config: InternalAxiosRequestConfig): URL | undefined {
  // Only the fields that decide the target: params do not change the host, and a custom
  // paramsSerializer should not run twice.
  const parts: AxiosRequestConfig = {}
  if (config.url !== undefined && config.url !== null) parts.url = String(config.url)
  if (typeof config.baseURL === 'string') parts.baseURL = config.baseURL
  if (config.allowAbsoluteUrls !== undefined) parts.allowAbsoluteUrls = config.allowAbsoluteUrls
  let uri: string
  try {
    uri = uriBuilder.getUri(parts)
  } catch {
    return undefined // axios rejects this URL itself when the adapter runs
  }
  const base = browserLocation()
  return URL.canParse(uri, base) ? new URL(uri, base) : undefined
}

/** In a browser, axios resolves relative URLs against the page; in Node there is no base. */
function browserLocation(): string | undefined {
  const href = (globalThis as { location?: { href?: unknown } }).location?.href
  return typeof href === 'string' ? href : undefined
}
