import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
// The one list of what is published, shared with the packaging checks, so a new package gets a
// report without anyone remembering to add it here.
import { PUBLISHED_PACKAGES } from '../../compat/src/published-packages.mjs'

/** The monorepo root (this file is tools/api-report/src/entry-points.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** The folder inside each package that holds its checked-in reports (not in `files`). */
export const REPORT_FOLDER = 'api-report'

/**
 * One importable path of a published package (`@zoom-auth/core`, `@zoom-auth/core/adapter`) and
 * where its built declarations and its checked-in API report live.
 *
 * @example
 * ```ts
 * const entry: EntryPoint = {
 *   packageName: '@zoom-auth/core',
 *   packageDir: '/repo/packages/core',
 *   subpath: './adapter',
 *   reportName: 'adapter',
 *   typesFile: '/repo/packages/core/dist/adapter.d.ts',
 *   reportFile: '/repo/packages/core/api-report/adapter.api.md',
 * }
 * ```
 */
export interface EntryPoint {
  packageName: string
  /** Absolute path of the package directory. */
  packageDir: string
  /** The key in the package's `exports`: `.` or `./adapter`. */
  subpath: string
  /** The report's file name without `.api.md`: `index` for `.`, else the subpath (`adapter`). */
  reportName: string
  /** Absolute path of the `.d.ts` the `import` condition points to (tsup's output in dist/). */
  typesFile: string
  /** Absolute path of the checked-in report, `<package>/api-report/<reportName>.api.md`. */
  reportFile: string
}

type Conditions = { [condition: string]: string | Conditions | null | undefined }

interface Manifest {
  name: string
  exports?: Record<string, string | Conditions>
}

/**
 * Every entry point of every published package, read from each package's `exports` map (so a new
 * subpath such as `@zoom-auth/testing/contracts` is covered as soon as it is exported). A package
 * that exports only `./package.json` (the cli: a bin, nothing to import) has none.
 *
 * @example
 * ```ts
 * for (const entry of publishedEntryPoints()) console.log(entry.packageName, entry.subpath)
 * ```
 */
export function publishedEntryPoints(root: string = REPO_ROOT): EntryPoint[] {
  return PUBLISHED_PACKAGES.flatMap((pkg) => {
    const packageDir = join(root, pkg.dir)
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Manifest
    return Object.entries(manifest.exports ?? {})
      .filter(([subpath]) => subpath !== './package.json')
      .map(([subpath, target]): EntryPoint => {
        const reportName = reportNameOf(subpath)
        return {
          packageName: manifest.name,
          packageDir,
          subpath,
          reportName,
          typesFile: join(packageDir, typesTarget(manifest.name, subpath, target)),
          reportFile: join(packageDir, REPORT_FOLDER, `${reportName}.api.md`),
        }
      })
  })
}

/** `.` → `index`, `./adapter` → `adapter`, `./a/b` → `a-b`. */
function reportNameOf(subpath: string): string {
  if (subpath.includes('*')) {
    // A pattern export has no single surface to report; nothing exports one today.
    throw new TypeError(`API reports do not support pattern exports (${subpath})`)
  }
  return subpath === '.' ? 'index' : subpath.replace(/^\.\//, '').replaceAll('/', '-')
}

/**
 * The declarations an ESM consumer gets: `import.types`, else the top-level `types`. The CommonJS
 * `.d.cts` is the same rollup by tsup, so one report per entry point covers both.
 */
function typesTarget(name: string, subpath: string, target: string | Conditions): string {
  const conditions = typeof target === 'string' ? {} : target
  const fromImport = conditions.import
  const types =
    (typeof fromImport === 'object' && fromImport !== null ? fromImport.types : undefined) ??
    conditions.types
  if (typeof types !== 'string') {
    throw new TypeError(`${name} exports "${subpath}" without a "types" condition`)
  }
  return types
}
