import type { TokenProvider } from '@zoom-auth/core'

/**
 * Counts a provider's live event subscriptions by wrapping its `subscribe` in place (the provider
 * keeps its identity, so adapters still recognise it). A number that grows with traffic is a leak.
 *
 * @example
 * ```ts
 * const subscriptions = countSubscriptions(provider)
 * // ... traffic ...
 * expect(subscriptions.active).toBe(0)
 * ```
 */
export function countSubscriptions(provider: TokenProvider): { readonly active: number } {
  let active = 0
  const subscribe = provider.subscribe.bind(provider)
  provider.subscribe = (listener) => {
    active++
    const unsubscribe = subscribe(listener)
    let subscribed = true
    return () => {
      if (subscribed) active--
      subscribed = false
      unsubscribe()
    }
  }
  return {
    get active() {
      return active
    },
  }
}
