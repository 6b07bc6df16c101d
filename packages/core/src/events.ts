import { channel } from 'node:diagnostics_channel'
import type { ZoomAuthEvent } from './types.js'

/**
 * Every provider also publishes its events on this `node:diagnostics_channel`, so APM tools can
 * subscribe without a dependency.
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel'
 * subscribe(EVENTS_CHANNEL_NAME, (event) => metrics.increment(`zoom_auth.${(event as ZoomAuthEvent).type}`))
 * ```
 */
export const EVENTS_CHANNEL_NAME = 'zoom-auth'

const eventsChannel = channel(EVENTS_CHANNEL_NAME)

type Listener = (event: ZoomAuthEvent) => void

/** Publishes an event on {@link EVENTS_CHANNEL_NAME} only (for an event no provider sink carries). */
export function publishEvent(event: ZoomAuthEvent): void {
  if (eventsChannel.hasSubscribers) eventsChannel.publish(event)
}

/** A set of listeners that one throwing listener can't break. */
export class EventSink {
  readonly #listeners = new Set<Listener>()

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  emit(event: ZoomAuthEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event)
      } catch {
        // A metrics hook must never break token handling.
      }
    }
    publishEvent(event)
  }

  clear(): void {
    this.#listeners.clear()
  }
}
