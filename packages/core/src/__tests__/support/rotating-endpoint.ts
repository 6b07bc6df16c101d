/**
 * A token endpoint that rotates refresh tokens as Zoom does, answering through a `fetch` function
 * (no network): each refresh token works once; presenting one again answers
 * `400 {"reason":"Invalid Token!","error":"invalid_grant"}` and is counted.
 */
export function rotatingEndpoint(options: { expiresInSeconds?: number } = {}) {
  const live = new Set<string>()
  const presented = new Set<string>()
  let issued = 0
  let received = 0
  let hold: Promise<void> | undefined
  const faults: Array<'lose-answer' | 'refuse-connection' | 'server-error'> = []
  const stats = { refreshes: 0, presentedTwice: 0, failed: 0 }

  function issue(): { access: string; refresh: string } {
    issued++
    const refresh = `refresh-${issued}`
    live.add(refresh)
    return { access: `access-${issued}`, refresh }
  }

  const fetch: typeof globalThis.fetch = async (_url, init) => {
    const body = new URLSearchParams(String(init?.body))
    const token = body.get('refresh_token') ?? ''
    const fault = faults.shift()
    if (fault === 'refuse-connection') {
      throw Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      })
    }
    // Refused at the front door: Zoom never looked at the refresh token.
    if (fault === 'server-error') return Response.json({ reason: 'busy' }, { status: 503 })
    received++
    if (presented.has(token)) stats.presentedTwice++
    presented.add(token)
    if (hold) await hold
    if (!live.delete(token)) {
      stats.failed++
      return Response.json({ reason: 'Invalid Token!', error: 'invalid_grant' }, { status: 400 })
    }
    stats.refreshes++
    const next = issue()
    // Zoom rotated; the answer never arrives.
    if (fault === 'lose-answer') throw new Error('socket hang up')
    return Response.json({
      access_token: next.access,
      token_type: 'bearer',
      refresh_token: next.refresh,
      expires_in: options.expiresInSeconds ?? 3600,
      scope: 'user:read',
    })
  }

  return {
    fetch,
    stats,
    /** Refresh tokens presented (past any injected fault), answered or still held. */
    received: () => received,
    /** A grant as an install stores it. */
    install: () => issue(),
    /** The next requests fail this way, in order. */
    fail: (...next: typeof faults) => faults.push(...next),
    /** Holds every answer until the returned function is called. */
    holdAnswers(): () => void {
      let release!: () => void
      hold = new Promise((resolve) => (release = resolve))
      return () => {
        hold = undefined
        release()
      }
    },
  }
}
