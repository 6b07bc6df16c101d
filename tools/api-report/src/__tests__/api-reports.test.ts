import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PUBLISHED_PACKAGES } from '../../../compat/src/published-packages.mjs'
import { apiReportHint, readApiReport, staleApiReports } from '../api-report-files.ts'
import { publishedEntryPoints, REPO_ROOT } from '../entry-points.ts'
import { extractApiReport } from '../extract-api-report.ts'

// Reads every published package's dist/*.d.ts: nx runs `^build` first (each published package is
// a devDependency of this one; the first spec below keeps it that way).

const entries = publishedEntryPoints()

describe('the API reports', () => {
  it('depend on the build of every published package', () => {
    const manifest = JSON.parse(
      readFileSync(join(REPO_ROOT, 'tools/api-report/package.json'), 'utf8'),
    ) as { devDependencies: Record<string, string> }
    for (const pkg of PUBLISHED_PACKAGES) {
      expect(manifest.devDependencies[pkg.name], `${pkg.name} as a devDependency`).toBe(
        'workspace:*',
      )
    }
  })

  it('cover every entry point users can import (the cli is a bin: it has none)', () => {
    expect(entries.map((entry) => entry.packageName + entry.subpath.slice(1))).toEqual(
      expect.arrayContaining([
        '@zoom-auth/core',
        '@zoom-auth/core/adapter',
        '@zoom-auth/axios',
        '@zoom-auth/ky',
        '@zoom-auth/got',
        '@zoom-auth/fetch',
        '@zoom-auth/redis',
        '@zoom-auth/testing',
      ]),
    )
    expect(entries.filter((entry) => entry.packageName === '@zoom-auth/cli')).toEqual([])
  })

  it('has no report left from an entry point that is no longer exported', () => {
    expect(
      staleApiReports(entries).map((file) => relative(REPO_ROOT, file)),
      'run `pnpm api:update` to remove them',
    ).toEqual([])
  })
})

describe.each(entries.map((entry) => [relative(REPO_ROOT, entry.reportFile), entry] as const))(
  '%s',
  (_file, entry) => {
    it('is what API Extractor reports for the built declarations', () => {
      const checkedIn = readApiReport(entry)
      // - lines: in the checked-in report only (left the API); + lines: new in the build.
      expect(extractApiReport(entry), apiReportHint(entry, checkedIn)).toBe(checkedIn)
    })
  },
)
