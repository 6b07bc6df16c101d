// @ts-check
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const SMOKE_DIR = fileURLToPath(new URL('./smoke/', import.meta.url))

/**
 * @typedef {object} ProcessResult
 * @property {number | null} code exit code (`null` when killed)
 * @property {string} stdout
 * @property {string} stderr
 * @property {boolean} timedOut
 * @property {number} ms how long it ran
 */

/**
 * The environment for npm and the smoke scripts: this process's, without the variables pnpm and nx
 * set for their own children (`npm_package_*`, `npm_lifecycle_*`, `npm_config_user_agent`, ...),
 * which would make npm believe it runs a lifecycle script. npm settings a user or CI configured
 * (`npm_config_registry`, `npm_config_cache`, proxies, CA files) are kept.
 *
 * @returns {NodeJS.ProcessEnv}
 */
export function childEnv() {
  const keep = /^npm_config_(registry|cache|userconfig|globalconfig|.*proxy|strict_ssl|cafile|ca)$/i
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(npm|pnpm)_/i.test(name) || keep.test(name)),
  )
}

/**
 * Runs a command to completion, capturing its output; kills its whole process group after
 * `timeoutMs` (npm starts children of its own).
 *
 * @param {string} file
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, timeoutMs: number }} options
 * @returns {Promise<ProcessResult>}
 */
export function runProcess(file, args, { cwd, env = childEnv(), timeoutMs }) {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => {
      timedOut = true
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }, timeoutMs)
    const finish = (/** @type {number | null} */ code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, timedOut, ms: Date.now() - started })
    }
    child.on('error', (error) => {
      stderr += String(error)
      finish(null)
    })
    child.on('close', (code) => finish(code))
  })
}

/** `npm install` flags for every scratch install: quiet, no audit or funding calls. */
const NPM_INSTALL = [
  'install',
  '--no-audit',
  '--no-fund',
  '--no-update-notifier',
  '--loglevel=error',
  '--no-package-lock',
]

/**
 * `npm install`, once more after a failure that wasn't a timeout: a registry hiccup shouldn't fail
 * a whole row.
 *
 * @param {string[]} specs
 * @param {string} cwd
 */
async function npmInstall(specs, cwd) {
  const run = () => runProcess('npm', [...NPM_INSTALL, ...specs], { cwd, timeoutMs: 240_000 })
  const first = await run()
  if (first.code === 0 || first.timedOut) return first
  const second = await run()
  return { ...second, ms: first.ms + second.ms }
}

/**
 * The latest Node 24, from the npm package `node@24` (whose install script fetches the
 * platform's binary package from the registry). Kept between runs in `dir`; delete it to update.
 *
 * @param {string} dir
 * @returns {Promise<{ node: string, version: string }>}
 */
export async function ensureNode24(dir) {
  const node = join(dir, 'node_modules', 'node', 'bin', 'node')
  const version = async () => {
    const result = await runProcess(node, ['--version'], { cwd: dir, timeoutMs: 10_000 })
    return result.code === 0 ? result.stdout.trim() : ''
  }
  const kept = existsSync(node) ? await version() : ''
  if (kept.startsWith('v24.')) return { node, version: kept }
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'package.json'), '{ "private": true }\n')
  const install = await npmInstall(['node@24'], dir)
  const installed = existsSync(node) ? await version() : ''
  if (!installed.startsWith('v24.')) {
    throw new Error(
      `npm i node@24 did not give Node 24 (exit ${install.code}): ${tail(install.stderr)}`,
    )
  }
  return { node, version: installed }
}

/**
 * Creates a fresh scratch project: a package.json naming the tarballs (as `file:` specs) and the
 * HTTP clients, the smoke scripts, then `npm install`. A fresh directory each run, so a rebuilt
 * tarball is never mistaken for a cached one.
 *
 * @param {object} options
 * @param {string} options.dir
 * @param {string} options.name package name of the scratch project
 * @param {'module' | 'commonjs'} options.type
 * @param {Record<string, string>} options.tarballs package name → absolute tarball path
 * @param {Record<string, string>} options.dependencies other dependencies, name → version spec
 * @returns {Promise<{ ms: number, versions: Record<string, string> }>} installed versions of `dependencies`
 */
export async function createScratchProject({ dir, name, type, tarballs, dependencies }) {
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const manifest = {
    name,
    private: true,
    type,
    dependencies: {
      ...Object.fromEntries(
        Object.entries(tarballs).map(([pkg, tarball]) => [pkg, `file:${relative(dir, tarball)}`]),
      ),
      ...dependencies,
    },
  }
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  await cp(SMOKE_DIR, dir, { recursive: true })
  const install = await npmInstall([], dir)
  if (install.code !== 0) {
    throw new Error(
      `npm install ${install.timedOut ? 'timed out' : `exited ${install.code}`}: ${tail(install.stderr)}`,
    )
  }
  /** @type {Record<string, string>} */
  const versions = {}
  for (const dependency of Object.keys(dependencies)) {
    const installed = JSON.parse(
      await readFile(join(dir, 'node_modules', dependency, 'package.json'), 'utf8'),
    )
    versions[dependency] = installed.version
  }
  return { ms: install.ms, versions }
}

/** The last lines of a tool's output, for an error message. */
export function tail(/** @type {string} */ text, lines = 8) {
  return text.trim().split('\n').slice(-lines).join('\n')
}
