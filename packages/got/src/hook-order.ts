/**
 * Puts `hook` first or last in a call's own list of hooks (got gives each call a copy of the
 * instance's lists), wherever `got.extend` put it. Nothing moves when it is already in place, which
 * is the case for an instance whose only hooks are zoom-auth's.
 *
 * Order is what keeps the token away from your hooks: ours runs last in `beforeRequest`, so the host
 * check sees the URL your hooks chose and they never see the header; first in `beforeRetry` and
 * `beforeError`, so the error your hooks get is already without it.
 *
 * @example
 * ```ts
 * placeHook(options.hooks.beforeRequest, attachToken, 'last')
 * ```
 */
export function placeHook<T>(hooks: T[], hook: T, place: 'first' | 'last'): void {
  const index = hooks.indexOf(hook)
  if (index === (place === 'first' ? 0 : hooks.length - 1)) return
  if (index !== -1) hooks.splice(index, 1)
  if (place === 'first') hooks.unshift(hook)
  else hooks.push(hook)
}
