import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

// The test process runs without --expose-gc: turn it on, then take `gc` from a fresh context.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/**
 * Tracks objects and tells which of them the garbage collector freed. A spec registers what must not
 * be kept alive, drops its own references, then awaits {@link Garbage.collect}.
 */
export interface Garbage {
  track(value: object): void
  /** Runs full collections (a few turns apart, so finalizers can report) until all were freed. */
  collect(): Promise<{ tracked: number; freed: number }>
}

export function garbage(): Garbage {
  let tracked = 0
  let freed = 0
  const registry = new FinalizationRegistry<undefined>(() => (freed += 1))
  return {
    track(value) {
      tracked += 1
      registry.register(value, undefined)
    },
    async collect() {
      // WeakRefs keep their targets until the current job ends, and finalizers run in later turns.
      for (let round = 0; round < 10 && freed < tracked; round++) {
        await new Promise((resolve) => setImmediate(resolve))
        gc()
      }
      await new Promise((resolve) => setImmediate(resolve))
      return { tracked, freed }
    },
  }
}
