import { describeError } from '../describe-error.js'
import type { ClientResult } from './run-load.js'
import type { UserDemoClient } from './user-clients.js'

/** What the requests made as one user got. */
export interface UserResult {
  user: string
  requests: number
  ok: number
  failed: number
  /** 200s whose `/v2/users/me` named another user than the request did (must stay 0). */
  answeredAsAnother: number
  /** What went wrong the first time a request of this user failed. */
  firstFailure?: string
}

export interface UserLoadPlan {
  clients: UserDemoClient[]
  users: readonly string[]
  url: (client: UserDemoClient, user: string) => string
  requestsPerClient: number
  concurrencyPerClient: number
  /**
   * Run between the parts of the run: it has `storms.length + 1` equal parts, and each storm runs
   * once every client has finished the part before it, so that every client meets it.
   */
  storms: ReadonlyArray<() => void>
  onProgress?: (done: number, total: number) => void
}

/**
 * Drives every client at once, each with a fixed number of workers; each request names the next
 * user in turn, so every user gets requests from every client in every part of the run.
 *
 * @example
 * ```ts
 * const { clients, users } = await runUserLoad({ clients, users: ['u1', 'u2'], url, requestsPerClient: 100, concurrencyPerClient: 25, storms: [] })
 * ```
 */
export async function runUserLoad(
  plan: UserLoadPlan,
): Promise<{ clients: ClientResult[]; users: UserResult[] }> {
  const total = plan.clients.length * plan.requestsPerClient
  const clients = plan.clients.map((client): ClientResult => ({
    name: client.name,
    requests: 0,
    ok: 0,
    failed: 0,
    latenciesMs: [],
  }))
  const users = new Map(
    plan.users.map((user): [string, UserResult] => [
      user,
      { user, requests: 0, ok: 0, failed: 0, answeredAsAnother: 0 },
    ]),
  )
  let done = 0

  const drive = (index: number, until: number) => {
    const client = plan.clients[index]!
    const result = clients[index]!
    const worker = async () => {
      while (result.requests < until) {
        // Offset per client, so that the clients don't all start on the same user.
        const user = plan.users[(result.requests + index) % plan.users.length]!
        result.requests++
        const byUser = users.get(user)!
        byUser.requests++
        const started = performance.now()
        // A failure is counted, not thrown: one logged-out user must not end the run.
        const answer = await client.get(plan.url(client, user), user).catch((error: unknown) => {
          const failure = describeError(error).message
          result.firstFailure ??= failure
          byUser.firstFailure ??= failure
          return { status: 0, userId: undefined }
        })
        result.latenciesMs.push(performance.now() - started)
        if (answer.status >= 200 && answer.status < 300) {
          result.ok++
          byUser.ok++
          if (answer.userId !== user) byUser.answeredAsAnother++
        } else {
          result.failed++
          byUser.failed++
          result.firstFailure ??= `HTTP ${answer.status}`
          byUser.firstFailure ??= `HTTP ${answer.status}`
        }
        plan.onProgress?.(++done, total)
      }
    }
    return Promise.all(Array.from({ length: plan.concurrencyPerClient }, worker))
  }

  const parts = plan.storms.length + 1
  for (let part = 1; part <= parts; part++) {
    const until = Math.round((plan.requestsPerClient * part) / parts)
    await Promise.all(plan.clients.map((_, index) => drive(index, until)))
    plan.storms[part - 1]?.()
  }
  return { clients, users: [...users.values()] }
}
