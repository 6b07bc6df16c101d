import { parseUrl } from '@zoom-auth/core'
import type { AxiosRequestConfig, InternalAxiosRequestConfig } from 'axios'

type BeforeRedirect = NonNullable<AxiosRequestConfig['beforeRedirect']>

/**
 * Makes sure the token never follows a redirect to another origin, whatever axios version or other
 * `beforeRedirect` hook is in play (follow-redirects alone keeps it for subdomains and on
 * https→https port changes of the same host name), and notes when a redirect left the origin: a 401
 * from there says nothing about our token and earns no replay.
 *
 * Works through axios' `beforeRedirect`, i.e. with the Node http adapter; the fetch adapter follows
 * the Fetch spec, which drops `Authorization` on cross-origin redirects itself.
 */
export class RedirectGuard {
  /** True once a redirect of this send led away from the origin the token was meant for. */
  leftOrigin = false
  readonly #config: { beforeRedirect?: BeforeRedirect | undefined }
  readonly #callerHook: BeforeRedirect | undefined

  /** `url`: where the token was sent; its origin is worked out only if a redirect comes. */
  constructor(config: InternalAxiosRequestConfig, url: string) {
    this.#config = config
    this.#callerHook = config.beforeRedirect
    config.beforeRedirect = (options, responseDetails, requestDetails) => {
      // The caller's hook first, so that nothing it does can put the token back.
      this.#callerHook?.(options, responseDetails, requestDetails)
      const href: unknown = options['href']
      const origin = parseUrl(url)?.origin
      if (typeof href === 'string' && origin !== undefined && parseUrl(href)?.origin === origin)
        return
      this.leftOrigin = true
      deleteAuthorization(options['headers'])
    }
  }

  /** Puts the caller's own `beforeRedirect` (or none) back on the config. */
  restore(): void {
    // Assigned, not deleted: a delete turns axios' config into a slow dictionary object (measured
    // at about 3% of a loopback request, through every axios function that reads the config after).
    this.#config.beforeRedirect = this.#callerHook
  }
}

function deleteAuthorization(headers: unknown): void {
  if (typeof headers !== 'object' || headers === null) return
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === 'authorization') delete (headers as Record<string, unknown>)[name]
  }
}
