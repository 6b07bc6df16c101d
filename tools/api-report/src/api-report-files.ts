import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { createTwoFilesPatch } from 'diff'
import { PUBLISHED_PACKAGES } from '../../compat/src/published-packages.mjs'
import { REPO_ROOT, REPORT_FOLDER, type EntryPoint } from './entry-points.ts'

/**
 * The checked-in report of an entry point, or `undefined` if there is none yet.
 *
 * @example
 * ```ts
 * const checkedIn = readApiReport(entry) // contents of packages/core/api-report/index.api.md
 * ```
 */
export function readApiReport(entry: EntryPoint): string | undefined {
  return existsSync(entry.reportFile) ? readFileSync(entry.reportFile, 'utf8') : undefined
}

/**
 * Writes an entry point's report (creating `api-report/`); answers whether the file changed.
 *
 * @example
 * ```ts
 * if (writeApiReport(entry, extractApiReport(entry))) console.log('updated', entry.reportFile)
 * ```
 */
export function writeApiReport(entry: EntryPoint, report: string): boolean {
  if (readApiReport(entry) === report) return false
  mkdirSync(dirname(entry.reportFile), { recursive: true })
  writeFileSync(entry.reportFile, report)
  return true
}

/**
 * A unified diff from the checked-in report to the one the build produces: `-` lines left the
 * public API, `+` lines joined it.
 *
 * @example
 * ```ts
 * console.log(apiReportDiff(entry, readApiReport(entry), extractApiReport(entry)))
 * ```
 */
export function apiReportDiff(
  entry: EntryPoint,
  checkedIn: string | undefined,
  built: string,
): string {
  const file = relative(REPO_ROOT, entry.reportFile)
  return createTwoFilesPatch(
    checkedIn === undefined ? '/dev/null' : `${file} (checked in)`,
    `${file} (from ${relative(REPO_ROOT, entry.typesFile)})`,
    checkedIn ?? '',
    built,
    undefined,
    undefined,
    { context: 3 },
  )
}

/**
 * What to do when a report differs, for messages of the check and the test.
 *
 * @example
 * ```ts
 * throw new Error(`${apiReportHint(entry, checkedIn)}\n${apiReportDiff(entry, checkedIn, built)}`)
 * ```
 */
export function apiReportHint(entry: EntryPoint, checkedIn: string | undefined): string {
  const file = relative(REPO_ROOT, entry.reportFile)
  const what = entry.packageName + entry.subpath.slice(1) // '.' → '', './adapter' → '/adapter'
  return checkedIn === undefined
    ? `${file} does not exist: run \`pnpm api:update\` and commit it (${what} is a new entry point)`
    : `the public API of ${what} changed and ${file} does not say so: if the change is intended, ` +
        'run `pnpm api:update` and commit the report with it'
}

/**
 * Reports in the published packages' `api-report/` folders that no entry point produces any more
 * (an export was removed, or a subpath renamed): absolute paths.
 *
 * @example
 * ```ts
 * for (const file of staleApiReports(publishedEntryPoints())) rmSync(file)
 * ```
 */
export function staleApiReports(
  entries: readonly EntryPoint[],
  root: string = REPO_ROOT,
): string[] {
  const produced = new Set(entries.map((entry) => entry.reportFile))
  return PUBLISHED_PACKAGES.flatMap((pkg) => {
    const folder = join(root, pkg.dir, REPORT_FOLDER)
    if (!existsSync(folder)) return []
    return readdirSync(folder)
      .map((name) => join(folder, name))
      .filter((file) => !produced.has(file))
  })
}
