// `pnpm api:update`: regenerates every published entry point's API report from the built `.d.ts`.
// With `--check` (or in CI, `CI=true`) it writes nothing and fails with a diff instead, so a
// surface change cannot reach main without its report.
import { rmSync } from 'node:fs'
import { relative } from 'node:path'
import {
  apiReportDiff,
  apiReportHint,
  readApiReport,
  staleApiReports,
  writeApiReport,
} from './api-report-files.ts'
import { publishedEntryPoints, REPO_ROOT } from './entry-points.ts'
import { extractApiReport } from './extract-api-report.ts'

const ci = process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI)
const check = process.argv.includes('--check') || ci

const entries = publishedEntryPoints()
const problems: string[] = []

for (const entry of entries) {
  const name = relative(REPO_ROOT, entry.reportFile)
  let built: string
  try {
    built = extractApiReport(entry)
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error))
    continue
  }
  const checkedIn = readApiReport(entry)
  if (check) {
    if (built === checkedIn) console.log(`ok       ${name}`)
    else
      problems.push(`${apiReportHint(entry, checkedIn)}\n${apiReportDiff(entry, checkedIn, built)}`)
  } else {
    const created = checkedIn === undefined
    console.log(
      `${writeApiReport(entry, built) ? (created ? 'created ' : 'updated ') : 'same    '} ${name}`,
    )
  }
}

for (const file of staleApiReports(entries)) {
  const name = relative(REPO_ROOT, file)
  if (check)
    problems.push(
      `${name} belongs to no exported entry point: run \`pnpm api:update\` to remove it`,
    )
  else {
    rmSync(file)
    console.log(`removed  ${name}`)
  }
}

if (problems.length > 0) {
  console.error(`\n${problems.join('\n\n')}`)
  process.exitCode = 1
}
