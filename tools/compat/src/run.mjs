// @ts-check
// `pnpm compat`: packs every published package, installs the tarballs with npm into scratch
// projects (tools/compat/.scratch) across Node versions, module systems and client majors, runs the
// smoke scripts in each, prints a matrix and exits 1 if any cell failed.
//
//   node src/run.mjs                      every row
//   node src/run.mjs --rows node20-cjs    some rows (comma-separated ids)
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { COLUMNS, ROWS, packagesFor, smokeCommand } from './matrix.mjs'
import { packPackages } from './pack.mjs'
import { PUBLISHED_PACKAGES } from './published-packages.mjs'
import { childEnv, createScratchProject, ensureNode24, runProcess, tail } from './scratch.mjs'

const SCRATCH = fileURLToPath(new URL('../.scratch/', import.meta.url))
/** Smoke scripts are light; two at a time suits the 2-core machines this runs on. */
const CELL_CONCURRENCY = 2
const CELL_TIMEOUT_MS = 90_000
/** The smoke scripts talk to 127.0.0.1 only: a CI proxy setting (axios honours HTTP_PROXY) must not catch that. */
const loopback = ['127.0.0.1', 'localhost', process.env.NO_PROXY ?? process.env.no_proxy]
  .filter(Boolean)
  .join(',')
const CELL_ENV = { ...childEnv(), NO_PROXY: loopback, no_proxy: loopback }

/**
 * @typedef {import('./matrix.mjs').Row} Row
 * @typedef {import('./matrix.mjs').Column} Column
 * @typedef {{ status: 'pass' | 'fail', checks: number, failed: string[], ms: number }} Cell
 * @typedef {{ row: Row, dir: string, node?: string, nodeVersion?: string, versions?: Record<string, string>, error?: string, cells: Map<Column, Cell> }} RowRun
 */

const startedAt = Date.now()
const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`
const log = (/** @type {string} */ line) =>
  console.log(`[compat ${seconds(Date.now() - startedAt).padStart(7)}] ${line}`)

const { values } = parseArgs({ options: { rows: { type: 'string' } } })
const wanted = values.rows?.split(',').map((id) => id.trim())
const rows = wanted ? ROWS.filter((row) => wanted.includes(row.id)) : ROWS
if (wanted && rows.length !== wanted.length) {
  console.error(
    `unknown row in --rows ${values.rows}; rows: ${ROWS.map((row) => row.id).join(', ')}`,
  )
  process.exit(2)
}

if (!process.version.startsWith('v20.')) {
  log(`note: the "Node 20" rows run on the system node, which is ${process.version}`)
}

// 1. Pack, as `pnpm publish` would.
const tarballDir = join(SCRATCH, 'tarballs')
await rm(tarballDir, { recursive: true, force: true })
await mkdir(tarballDir, { recursive: true })
/** @type {Map<string, import('./pack.mjs').PackedPackage>} */
let packed
try {
  packed = await packPackages(
    PUBLISHED_PACKAGES.map((pkg) => pkg.name),
    tarballDir,
  )
} catch (error) {
  console.error(
    `compat: pnpm pack failed (are the packages built? run \`pnpm compat\` at the root): ${error}`,
  )
  process.exit(1)
}
const version = [...new Set([...packed.values()].map((pack) => pack.version))].join('/')
log(`packed ${packed.size} packages (${version})`)

// 2. Node 24 and every scratch project, installed in parallel (mostly waiting on the registry).
const node24 = rows.some((row) => row.node === '24')
  ? ensureNode24(join(SCRATCH, 'node24')).then(
      (runtime) => {
        log(`node ${runtime.version} ready`)
        return runtime
      },
      (error) => ({ error: String(error instanceof Error ? error.message : error) }),
    )
  : undefined

/** @type {RowRun[]} */
const runs = await Promise.all(
  rows.map(async (row) => {
    /** @type {RowRun} */
    const run = { row, dir: join(SCRATCH, row.id), cells: new Map() }
    try {
      const tarballs = Object.fromEntries(
        packagesFor(row).map((name) => [name, /** @type {string} */ (packed.get(name)?.tarball)]),
      )
      const project = await createScratchProject({
        dir: run.dir,
        name: `compat-${row.id}`,
        type: row.type,
        tarballs,
        dependencies: row.clients,
      })
      run.versions = project.versions
      log(`${row.id}: npm install took ${seconds(project.ms)}`)
      if (row.node === '24') {
        const runtime =
          await /** @type {Promise<{ node: string, version: string } | { error: string }>} */ (
            node24
          )
        if ('error' in runtime) throw new Error(runtime.error)
        run.node = runtime.node
        run.nodeVersion = runtime.version
      } else {
        run.node = process.execPath
        run.nodeVersion = process.version
      }
    } catch (error) {
      run.error = error instanceof Error ? error.message : String(error)
      log(`${row.id}: set-up failed: ${run.error}`)
    }
    return run
  }),
)

// 3. Smoke scripts, one process per cell.
const queue = runs.flatMap((run) =>
  run.node ? run.row.columns.map((column) => ({ run, column })) : [],
)
await Promise.all(
  Array.from({ length: CELL_CONCURRENCY }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { run, column } = job
      const result = await runProcess(
        /** @type {string} */ (run.node),
        smokeCommand(run.row, column),
        { cwd: run.dir, env: CELL_ENV, timeoutMs: CELL_TIMEOUT_MS },
      )
      const lines = result.stdout.split('\n').filter((line) => /^(ok|FAILED) /.test(line))
      const failed = lines.filter((line) => line.startsWith('FAILED'))
      if (result.timedOut)
        failed.push(`FAILED  ${column} › killed after ${seconds(CELL_TIMEOUT_MS)}`)
      else if (result.code !== 0 && failed.length === 0) {
        failed.push(`FAILED  ${column} › exited ${result.code}: ${tail(result.stderr, 4)}`)
      }
      const checks = lines.length - lines.filter((line) => line.startsWith('FAILED')).length
      const passed = result.code === 0 && failed.length === 0 && checks > 0
      run.cells.set(column, { status: passed ? 'pass' : 'fail', checks, failed, ms: result.ms })
      // One block per cell, printed whole so parallel cells don't interleave.
      console.log(
        [
          `── ${run.row.id} × ${column}: ${passed ? 'pass' : 'FAIL'} (${seconds(result.ms)})`,
          ...lines.map((line) => `   ${line}`),
          ...(passed || lines.length > 0 ? [] : [`   ${failed.join('\n   ')}`]),
        ].join('\n'),
      )
    }
  }),
)

// 4. The matrix.
const rowWidth = Math.max(...runs.map((run) => run.row.title.length))
const header = [
  '',
  'row'.padEnd(rowWidth),
  'node    ',
  ...COLUMNS.map((column) => column.padEnd(5)),
  'installed',
]
console.log(`\ncompat matrix: @zoom-auth/* ${version} installed from packed tarballs with npm\n`)
console.log(header.join('  ').trimStart())
let cellCount = 0
let failures = 0
let checkCount = 0
for (const run of runs) {
  const cells = COLUMNS.map((column) => {
    if (!run.row.columns.includes(column)) return '—'.padEnd(5)
    cellCount += 1
    const cell = run.cells.get(column)
    checkCount += cell?.checks ?? 0
    if (cell?.status === 'pass') return 'pass '
    failures += 1
    return 'FAIL '
  })
  const installed = run.versions
    ? Object.entries(run.versions)
        .map(([name, installedVersion]) => `${name} ${installedVersion}`)
        .join(', ')
    : `set-up failed: ${run.error?.split('\n')[0] ?? ''}`
  console.log(
    [run.row.title.padEnd(rowWidth), (run.nodeVersion ?? '?').padEnd(8), ...cells, installed].join(
      '  ',
    ),
  )
}
console.log(
  `\n${cellCount - failures} of ${cellCount} cells passed (${checkCount} checks) in ${seconds(Date.now() - startedAt)}`,
)
const failedLines = runs.flatMap((run) =>
  [...run.cells.entries()].flatMap(([column, cell]) =>
    cell.failed.map((line) => `  ${run.row.id} × ${column}: ${line.replace(/^FAILED\s+/, '')}`),
  ),
)
if (failedLines.length > 0) console.log(`\nfailures:\n${failedLines.join('\n')}`)
process.exit(failures === 0 ? 0 : 1)
