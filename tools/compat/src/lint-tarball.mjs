// @ts-check
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url))

/**
 * @typedef {object} LintResult
 * @property {boolean} passed the tool exited 0
 * @property {string[]} problems one line per problem the tool counts against the package
 * @property {string} output what the tool printed, for a failure message
 */

/**
 * @typedef {'strict' | 'node16' | 'esm-only'} AttwProfile
 *   `strict` checks every resolution mode (node10, node16 from CJS and ESM, bundler); `node16`
 *   leaves out node10; `esm-only` also leaves out `require`.
 */

/**
 * The attw profile a package's shape calls for: ESM-only packages aren't judged on `require`;
 * packages shipping CJS are checked in every mode, old `moduleResolution: node` included.
 *
 * @param {import('./published-packages.mjs').ModuleShape} shape
 * @param {boolean} shipsRequire whether `exports` has a `require` condition
 * @returns {AttwProfile}
 */
export function attwProfileFor(shape, shipsRequire) {
  if (shape === 'dual') return 'strict'
  if (shape === 'esm-or-dual' && shipsRequire) return 'strict'
  return 'esm-only'
}

/** Resolution modes each profile leaves out (attw's own table). */
const IGNORED_RESOLUTIONS = /** @type {const} */ ({
  strict: [],
  node16: ['node10'],
  'esm-only': ['node10', 'node16-cjs'],
})

/**
 * `publint --strict` on a packed tarball: warnings count as errors, suggestions don't.
 *
 * @param {string} tarball
 * @returns {Promise<LintResult>}
 */
export async function runPublint(tarball) {
  const { code, stdout, stderr } = await run(`${BIN}publint`, ['--strict', tarball])
  const output = `${stdout}${stderr}`
  const problems = sectionLines(output, /^(Errors|Warnings):$/)
  return { passed: code === 0, problems, output }
}

/**
 * `attw` (Are the Types Wrong?) on a packed tarball with a profile. Offline: DefinitelyTyped isn't
 * consulted, since every package ships its own types.
 *
 * @param {string} tarball
 * @param {AttwProfile} profile
 * @returns {Promise<LintResult>}
 */
export async function runAttw(tarball, profile) {
  const { code, stdout, stderr } = await run(`${BIN}attw`, [
    tarball,
    '--profile',
    profile,
    '--format',
    'json',
    '--no-definitely-typed',
  ])
  /** @type {{ problems?: Record<string, { kind: string, entrypoint?: string, resolutionKind?: string }[]> }} */
  let report = {}
  try {
    report = JSON.parse(stdout)
  } catch {
    return {
      passed: false,
      problems: [`attw printed no JSON: ${stderr || stdout}`],
      output: stderr,
    }
  }
  /** @type {readonly string[]} */
  const ignored = IGNORED_RESOLUTIONS[profile]
  const problems = Object.values(report.problems ?? {})
    .flat()
    .filter((problem) => !problem.resolutionKind || !ignored.includes(problem.resolutionKind))
    .map((problem) =>
      [problem.kind, problem.entrypoint, problem.resolutionKind].filter(Boolean).join(' '),
    )
  return { passed: code === 0 && problems.length === 0, problems, output: `${stdout}${stderr}` }
}

/**
 * @param {string} file
 * @param {string[]} args
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
function run(file, args) {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { maxBuffer: 32 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr: error && !stderr ? String(error.message) : stderr })
      },
    )
  })
}

/**
 * The numbered lines under headings matching `heading` (publint prints `Errors:`, `Warnings:`,
 * `Suggestions:` sections of `1. ...` lines).
 *
 * @param {string} output
 * @param {RegExp} heading
 */
function sectionLines(output, heading) {
  /** @type {string[]} */
  const lines = []
  let inSection = false
  for (const line of output.split('\n')) {
    if (/^[A-Z][a-z]+:$/.test(line)) inSection = heading.test(line)
    else if (inSection && /^\d+\. /.test(line)) lines.push(line)
  }
  return lines
}
