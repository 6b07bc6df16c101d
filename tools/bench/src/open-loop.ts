/**
 * Steady load at a fixed rate, whatever the responses do (an open loop, so a slow response delays no
 * later request and latency is not hidden): calls `fire(index)` `ratePerSecond` times a second for
 * `durationMs`, and resolves every result once all have settled.
 */
export async function openLoop<T>(
  ratePerSecond: number,
  durationMs: number,
  fire: (index: number) => Promise<T>,
): Promise<T[]> {
  const total = Math.max(1, Math.round((ratePerSecond * durationMs) / 1000))
  const pending: Array<Promise<T>> = []
  const startedAt = performance.now()
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(
        total,
        Math.floor(((performance.now() - startedAt) * ratePerSecond) / 1000) + 1,
      )
      while (pending.length < due) pending.push(fire(pending.length))
      if (pending.length >= total) resolve()
      else setTimeout(tick, 1)
    }
    tick()
  })
  return Promise.all(pending)
}
