import { spawnSync } from 'node:child_process'

/** A fresh `node` whose entry module imports `modules`, in order, as an app's entry would. */
export interface ColdImport {
  name: string
  /** Empty: bare `node -e`, a CommonJS one-liner. Otherwise an ES module entry. */
  modules: string[]
  /** Force an ES module entry even with nothing to import (to see what Node's ESM loader costs). */
  esm?: boolean
}

/** One process' time from its start to its imports done. */
export interface StartTime {
  wallMs: number
  /**
   * CPU time of its main thread over the same span (Linux `/proc/<pid>/task/<pid>/schedstat`;
   * `undefined` elsewhere). Time the process waited for a CPU is not in it, so on a shared
   * machine it holds far steadier than wall time; loading modules is main-thread work.
   */
  mainThreadCpuMs: number | undefined
}

/**
 * Per round, `times[name][round]`. Every round starts every process once, so
 * `times[a][r]` and `times[b][r]` compare two processes that met the same machine.
 */
export type ColdImportTimes = Record<string, StartTime[]>

// Static imports are done before the body runs; `performance.now()` counts from the process' start.
const report = (readFileSync: string) =>
  `let cpu = null; try { cpu = Number(${readFileSync}('/proc/self/task/' + process.pid + '/schedstat', 'utf8').split(' ')[0]) / 1e6 } catch {}\n` +
  'process.stdout.write(JSON.stringify([performance.now(), cpu]))'

/**
 * Starts a fresh `node` for each of `imports`, `rounds` times, interleaved: each round runs them
 * all, forwards in even rounds and backwards in odd ones (so none always runs first or last), after
 * one round that warms the file system cache and is not recorded. Bare specifiers resolve from
 * `cwd`'s node_modules, as an app's would.
 *
 * @example
 * ```ts
 * const times = coldImportTimes(
 *   [{ name: 'bare', modules: [] }, { name: 'axios', modules: ['axios'] }],
 *   { rounds: 20, cwd: benchDir },
 * )
 * ```
 */
export function coldImportTimes(
  imports: readonly ColdImport[],
  options: { rounds: number; cwd: string },
): ColdImportTimes {
  // A NODE_OPTIONS of the shell (a loader, --require) would run in every child and blur the figures.
  const { NODE_OPTIONS: _ignored, ...env } = process.env
  const times: ColdImportTimes = Object.fromEntries(imports.map(({ name }) => [name, []]))
  for (let round = -1; round < options.rounds; round++) {
    for (const { name, modules, esm } of round % 2 === 0 ? imports : [...imports].reverse()) {
      const args =
        modules.length === 0 && esm !== true
          ? ['-e', report("require('node:fs').readFileSync")]
          : [
              '--input-type=module',
              '-e',
              [
                ...modules.map((module) => `import '${module}'`),
                "import { readFileSync } from 'node:fs'",
                report('readFileSync'),
              ].join('\n'),
            ]
      const result = spawnSync(process.execPath, args, { cwd: options.cwd, env, encoding: 'utf8' })
      const [wallMs, cpuMs] = (result.status === 0 ? JSON.parse(result.stdout) : []) as [
        number?,
        (number | null)?,
      ]
      if (wallMs === undefined)
        throw new Error(
          `bench: importing ${modules.join(', ') || 'nothing'} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}`,
        )
      if (round >= 0)
        times[name]!.push({ wallMs, mainThreadCpuMs: Number.isFinite(cpuMs) ? cpuMs! : undefined })
    }
  }
  return times
}
