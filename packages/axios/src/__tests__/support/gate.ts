import axios, { type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios'

/** An axios adapter that holds the first sends; see {@link gatedAdapter}. */
export interface GatedAdapter {
  adapter: AxiosAdapter
  /** Resolves once `count` sends are held. */
  arrived: Promise<void>
  /** Lets the held sends (and every later one) through. */
  release(): void
}

/**
 * Holds the first `count` sends (each already carrying its token, since zoom-auth wraps this
 * adapter) until `release()`, then sends through axios' http adapter. Later sends are not held.
 */
export function gatedAdapter(count: number): GatedAdapter {
  let held = 0
  let onFull!: () => void
  let release!: () => void
  const arrived = new Promise<void>((resolve) => (onFull = resolve))
  const gate = new Promise<void>((resolve) => (release = resolve))
  const http = axios.getAdapter('http')
  return {
    adapter: async (config: InternalAxiosRequestConfig) => {
      if (held < count) {
        held += 1
        if (held === count) onFull()
        await gate
      }
      return http(config)
    },
    arrived,
    release,
  }
}

/**
 * An axios adapter that notes the headers of every send (as the transport gets them) and sends
 * through axios' http adapter.
 */
export function recordingAdapter(): {
  adapter: AxiosAdapter
  sent: Array<Record<string, unknown>>
} {
  const sent: Array<Record<string, unknown>> = []
  const http = axios.getAdapter('http')
  return {
    adapter: (config) => {
      sent.push(config.headers.toJSON())
      return http(config)
    },
    sent,
  }
}

/**
 * A fetch for token requests that lets the first `skip` calls through, then holds the next `count`
 * until `release()`; `arrived` resolves once they are held.
 */
export function gatedFetch(
  count: number,
  skip = 0,
): {
  fetch: typeof fetch
  arrived: Promise<void>
  release(): void
} {
  let calls = 0
  let onFull!: () => void
  let release!: () => void
  const arrived = new Promise<void>((resolve) => (onFull = resolve))
  const gate = new Promise<void>((resolve) => (release = resolve))
  return {
    fetch: async (input, init) => {
      calls += 1
      if (calls > skip && calls <= skip + count) {
        if (calls === skip + count) onFull()
        await gate
      }
      return fetch(input, init)
    },
    arrived,
    release,
  }
}

/** An axios adapter whose `sending` resolves as soon as axios' http adapter has started a send. */
export function sendingAdapter(): { adapter: AxiosAdapter; sending: Promise<void> } {
  let onSending!: () => void
  const sending = new Promise<void>((resolve) => (onSending = resolve))
  const http = axios.getAdapter('http')
  return {
    adapter: (config) => {
      const response = http(config)
      onSending()
      return response
    },
    sending,
  }
}
