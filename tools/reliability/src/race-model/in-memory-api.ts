import type { ScriptedEndpoint } from './scripted-endpoint.js'

/** One request as the in-memory API received it. */
export interface ApiSend {
  requestId: number
  token: string
  /** Clock time at sending. */
  sentAt: number
  /** True for the replay after a 401. */
  replay: boolean
  /** The token's expiry as the provider knew it when the token was sent (from `provider.peek()`). */
  knownExpiresAt: number | undefined
}

interface InTransit {
  send: ApiSend
  deliver(): void
}

/**
 * A tiny in-memory "API" that knows which tokens are valid: those the scripted endpoint issued, not
 * revoked since, and not past `issuedAt + lifetime` on the shared clock. A request is answered (200
 * or 401) only when the test delivers it, judged at delivery time, so a token may die in transit.
 *
 * @example
 * ```ts
 * const api = inMemoryApi(endpoint, { lifetimeSeconds: 3600, now: () => Date.now() })
 * const status = api.send({ requestId: 1, token, replay: false })
 * api.deliver(0)
 * await status // 200
 * ```
 */
export function inMemoryApi(
  endpoint: ScriptedEndpoint,
  options: {
    lifetimeSeconds: number
    now: () => number
    /** Answer every request at once (on the next microtask) instead of when `deliver` is called. */
    autoDeliver?: boolean
  },
) {
  const revoked = new Set<string>()
  const inTransit: InTransit[] = []
  const sends: ApiSend[] = []
  let unauthorized = 0

  function isValid(token: string, at: number): boolean {
    const issuedAt = endpoint.issuedAt(token)
    return (
      issuedAt !== undefined &&
      !revoked.has(token) &&
      at < issuedAt + options.lifetimeSeconds * 1000
    )
  }

  return {
    sends,
    /** Sends a request; resolves its status when delivered, rejects when `signal` aborts first. */
    send(request: Omit<ApiSend, 'sentAt'>, signal?: AbortSignal): Promise<number> {
      const send: ApiSend = { ...request, sentAt: options.now() }
      sends.push(send)
      return new Promise<number>((resolve, reject) => {
        const leave = () => {
          const index = inTransit.indexOf(entry)
          if (index >= 0) inTransit.splice(index, 1)
          signal?.removeEventListener('abort', onAbort)
        }
        const onAbort = () => {
          leave()
          reject(new DOMException('This operation was aborted', 'AbortError'))
        }
        const entry: InTransit = {
          send,
          deliver: () => {
            leave()
            const valid = isValid(send.token, options.now())
            if (!valid) unauthorized++
            resolve(valid ? 200 : 401)
          },
        }
        if (signal?.aborted) return onAbort()
        signal?.addEventListener('abort', onAbort, { once: true })
        inTransit.push(entry)
        if (options.autoDeliver) queueMicrotask(entry.deliver)
      })
    },
    /** Answers the request in transit at `pick` (modulo how many there are); false when none. */
    deliver(pick: number): boolean {
      const entry = inTransit[pick % Math.max(1, inTransit.length)]
      entry?.deliver()
      return entry !== undefined
    },
    /** Every token issued so far becomes invalid. */
    revokeAll(): void {
      for (let number = 1; number <= endpoint.stats.issued; number++) revoked.add(`token-${number}`)
    },
    get inTransitCount() {
      return inTransit.length
    },
    /** How many requests were answered 401. */
    get unauthorized() {
      return unauthorized
    },
  }
}

/** The API {@link inMemoryApi} returns. */
export type InMemoryApi = ReturnType<typeof inMemoryApi>
