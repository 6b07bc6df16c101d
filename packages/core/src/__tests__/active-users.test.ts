import { afterEach, describe, expect, it, vi } from 'vitest'
import { ActiveUsers } from '../user/active-users.js'
import type { TokenProvider } from '../types.js'

function opener() {
  const opened: Array<{ key: string; closed: boolean }> = []
  const open = (key: string): TokenProvider => {
    const record = { key, closed: false }
    opened.push(record)
    return { close: () => void (record.closed = true) } as unknown as TokenProvider
  }
  return { open, opened }
}

afterEach(() => void vi.useRealTimers())

describe('ActiveUsers', () => {
  it('closes a user unused for about idleMs, and keeps one in use', () => {
    vi.useFakeTimers()
    const { open, opened } = opener()
    const active = new ActiveUsers(open, { maxActive: 10, idleMs: 4_000 })
    const busy = active.use('busy')
    active.use('idle')
    for (let second = 0; second < 6; second++) {
      active.touch(busy)
      vi.advanceTimersByTime(1_000)
    }
    expect(opened.find((record) => record.key === 'idle')?.closed).toBe(true)
    expect(opened.find((record) => record.key === 'busy')?.closed).toBe(false)
    expect(active.get('idle')).toBeUndefined()
    active.closeAll()
    expect(opened.every((record) => record.closed)).toBe(true)
  })

  it('closes the least recently used past maxActive, and opens a dropped user again on use', () => {
    vi.useFakeTimers()
    const { open, opened } = opener()
    const active = new ActiveUsers(open, { maxActive: 2, idleMs: 60_000 })
    const first = active.use('a')
    active.use('b')
    vi.advanceTimersByTime(15_000) // a sweep: a generation passes
    active.touch(first)
    active.use('c') // b is the least recently used
    expect(opened.map((record) => [record.key, record.closed])).toEqual([
      ['a', false],
      ['b', true],
      ['c', false],
    ])
    const again = active.use('b')
    expect(again.closed).toBe(false)
    expect(opened).toHaveLength(4)
    active.closeAll()
  })
})
