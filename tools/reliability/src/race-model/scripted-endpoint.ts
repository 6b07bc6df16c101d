import {
  ZoomAuthError,
  type TokenGrant,
  type TokenStrategy,
  type ZoomAuthErrorCode,
} from '@zoom-auth/core'
import { flushMicrotasks } from '../real-timers.js'

/** What the scripted endpoint answers to one attempt. */
export type EndpointAnswer =
  { kind: 'token' } | { kind: 'failure'; code: ZoomAuthErrorCode } | { kind: 'hang' }

interface PendingAttempt {
  /** Ignores every answer: only its signal (a timeout, the provider closing) ends it. */
  hung: boolean
  answer(next: EndpointAnswer): void
}

/**
 * An in-memory token endpoint behind a {@link TokenStrategy}: no HTTP, answers only when the test
 * says so (`answerNext`, `answerAll`), counts attempts and the most that were ever in flight at once,
 * and issues tokens `token-1`, `token-2`, … whose issue time on the endpoint's clock (`now`) it
 * remembers. An attempt whose signal aborts (timeout, provider closed) rejects as fetch would.
 *
 * @example
 * ```ts
 * const endpoint = scriptedEndpoint({ lifetimeSeconds: 3600 })
 * const provider = createTokenProvider(endpoint.strategy, { now: () => endpoint.now })
 * const token = provider.getToken()
 * await endpoint.answerAll()
 * ```
 */
export function scriptedEndpoint(options: {
  lifetimeSeconds: number
  now?: () => number
  /** Answer every attempt by itself after this long (on whatever `setTimeout` is, fake or real). */
  autoAnswerAfterMs?: number
}) {
  const pending: PendingAttempt[] = []
  const scripted: EndpointAnswer[] = []
  const issuedAt = new Map<string, number>()
  let manualNow = 0
  const clock = options.now ?? (() => manualNow)
  const stats = { attempts: 0, inFlight: 0, maxInFlight: 0, failures: 0, issued: 0 }

  const strategy: TokenStrategy = {
    id: 'reliability:scripted',
    tokenUrl: 'https://auth.example.test/token',
    requestToken({ signal }) {
      stats.attempts++
      stats.inFlight++
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
      return new Promise<TokenGrant>((resolve, reject) => {
        let done = false
        const finish = () => {
          done = true
          stats.inFlight--
          signal.removeEventListener('abort', onAbort)
          const index = pending.indexOf(attempt)
          if (index >= 0) pending.splice(index, 1)
        }
        const onAbort = () => {
          if (done) return
          finish()
          stats.failures++
          reject(new Error('The operation was aborted'))
        }
        const attempt: PendingAttempt = {
          hung: false,
          answer(next) {
            if (done) return
            if (next.kind === 'hang') {
              attempt.hung = true
              return
            }
            finish()
            if (next.kind === 'failure') {
              stats.failures++
              reject(new ZoomAuthError(next.code, `scripted ${next.code}`, { status: 500 }))
              return
            }
            const accessToken = `token-${++stats.issued}`
            issuedAt.set(accessToken, clock())
            resolve({
              accessToken,
              expiresInSeconds: options.lifetimeSeconds,
              scopes: ['user:read:admin'],
            })
          },
        }
        if (signal.aborted) return onAbort()
        signal.addEventListener('abort', onAbort, { once: true })
        pending.push(attempt)
        if (options.autoAnswerAfterMs !== undefined) {
          setTimeout(
            () => attempt.answer(scripted.shift() ?? { kind: 'token' }),
            options.autoAnswerAfterMs,
          )
        }
      })
    },
  }

  function answerNext(): boolean {
    const attempt = pending.find((candidate) => !candidate.hung)
    if (attempt === undefined) return false
    attempt.answer(scripted.shift() ?? { kind: 'token' })
    return true
  }

  return {
    strategy,
    stats,
    /** The clock the endpoint issues tokens by (settable when no `now` was given). */
    get now() {
      return clock()
    },
    set now(value: number) {
      manualNow = value
    },
    /** When a token was issued, on the endpoint's clock. */
    issuedAt: (accessToken: string) => issuedAt.get(accessToken),
    /** Attempts waiting for an answer. */
    get pendingCount() {
      return pending.length
    },
    /** Scripts the answers to the next attempts that are answered: a failure, a hang, a token. */
    script(...answers: EndpointAnswer[]) {
      scripted.push(...answers)
    },
    /** Answers the oldest attempt that isn't hung: the next scripted answer, else a token. */
    answerNext,
    /** Answers every attempt that isn't hung (and those started meanwhile), letting promises run. */
    async answerAll(): Promise<void> {
      for (let round = 0; round < 1_000; round++) {
        await flushMicrotasks()
        if (!answerNext()) return
      }
    },
  }
}

/** The endpoint {@link scriptedEndpoint} returns. */
export type ScriptedEndpoint = ReturnType<typeof scriptedEndpoint>
