import type { AxiosRequestConfig, InternalAxiosRequestConfig } from 'axios'

type BeforeRedirect = NonNullable<AxiosRequestConfig['beforeRedirect']>

/** What {@link guardRedirects} reports about one send. */
export interface RedirectGuard {
  /** True once a redirect of this send led away from the origin the token was meant for. */
  readonly leftOrigin: boolean
  /** Puts the caller's own `beforeRedirect` (or its absence) back on the config. */
  restore(): void
}

/**
 * Makes sure the token never follows a redirect to another origin, whatever axios version or other
 * `beforeRedirect` hook is in play (follow-redirects alone keeps it for subdomains and on
 * https→https port changes of the same host name), and notes when a redirect left the origin: a 401
 * from there says nothing about our token and earns no replay.
 *
 * Works through axios' `beforeRedirect`, i.e. with the Node http adapter; the fetch adapter follows
 * the Fetch spec, which drops `Authorization` on cross-origin redirects itself.
 */
export function guardRedirects(config: InternalAxiosRequestConfig, origin: string): RedirectGuard {
  const hadOwn = Object.prototype.hasOwnProperty.call(config, 'beforeRedirect')
  const callerHook = config.beforeRedirect
  const guard = { leftOrigin: false }

  const beforeRedirect: BeforeRedirect = (options, responseDetails, requestDetails) => {
    // The caller's hook first, so that nothing it does can put the token back.
    callerHook?.(options, responseDetails, requestDetails)
    const href: unknown = options['href']
    if (typeof href === 'string' && URL.canParse(href) && new URL(href).origin === origin) return
    guard.leftOrigin = true
    deleteAuthorization(options['headers'])
  }
  config.beforeRedirect = beforeRedirect

  return {
    get leftOrigin() {
      return guard.leftOrigin
    },
    restore() {
      if (hadOwn && callerHook !== undefined) config.beforeRedirect = callerHook
      else delete config.beforeRedirect
    },
  }
}

function deleteAuthorization(headers: unknown): void {
  if (typeof headers !== 'object' || headers === null) return
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === 'authorization') delete (headers as Record<string, unknown>)[name]
  }
}
