import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attwProfileFor, runAttw, runPublint } from '../lint-tarball.mjs'
import { packPackages, readPackedFile, REPO_ROOT, type PackedPackage } from '../pack.mjs'
import { ALLOWED_FILES, PUBLISHED_PACKAGES } from '../published-packages.mjs'

// Depends on every package's build: nx runs `^build` first (each is a devDependency of this one).

interface Manifest {
  name: string
  private?: boolean
  main?: string
  module?: string
  types?: string
  bin?: string | Record<string, string>
  exports?: Record<string, unknown>
  files?: string[]
  sideEffects?: boolean | string[]
  engines?: Record<string, string>
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

let scratch: string
let packed: Map<string, PackedPackage>

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'zoom-auth-pack-'))
  packed = await packPackages(
    PUBLISHED_PACKAGES.map((pkg) => pkg.name),
    scratch,
  )
}, 120_000)

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true })
})

function packOf(name: string): PackedPackage {
  const pack = packed.get(name)
  if (!pack) throw new Error(`${name} was not packed`)
  return pack
}

async function packedManifest(name: string): Promise<Manifest> {
  return JSON.parse(await readPackedFile(packOf(name).tarball, 'package.json')) as Manifest
}

/** Every condition object in an exports map, with the path of keys leading to it. */
function conditionObjects(
  value: unknown,
  path: string[] = [],
): [string[], Record<string, unknown>][] {
  if (typeof value !== 'object' || value === null) return []
  const entries = Object.entries(value)
  return [
    [path, value as Record<string, unknown>],
    ...entries.flatMap(([key, nested]) => conditionObjects(nested, [...path, key])),
  ]
}

/** Every file path an exports map, `main`, `module`, `types` or `bin` points to. */
function referencedFiles(manifest: Manifest): string[] {
  const fromExports = conditionObjects(manifest.exports).flatMap(([, conditions]) =>
    Object.values(conditions).filter((target): target is string => typeof target === 'string'),
  )
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {})
  return [...fromExports, manifest.main, manifest.module, manifest.types, ...bins]
    .filter((file): file is string => file !== undefined)
    .map((file) => file.replace(/^\.\//, ''))
}

describe('the list of published packages', () => {
  it('is every workspace package that is not private', async () => {
    const names: string[] = []
    for (const dir of await readdir(join(REPO_ROOT, 'packages'))) {
      const manifest = JSON.parse(
        await readFile(join(REPO_ROOT, 'packages', dir, 'package.json'), 'utf8'),
      ) as Manifest
      if (!manifest.private) names.push(manifest.name)
    }
    expect(names.sort()).toEqual(PUBLISHED_PACKAGES.map((pkg) => pkg.name).sort())
  })
})

// Concurrent: most of the time goes to publint and attw child processes.
describe.concurrent.each(PUBLISHED_PACKAGES.map((pkg) => [pkg.name, pkg] as const))(
  '%s',
  (_name, pkg) => {
    it('packs only the build, the README and the LICENSE', async ({ expect }) => {
      const { files } = packOf(pkg.name)
      const manifest = await packedManifest(pkg.name)
      expect(manifest.files).toBeDefined()
      expect(ALLOWED_FILES).toEqual(expect.arrayContaining(manifest.files ?? []))
      expect(
        files.filter((file) => !/^(dist\/|README\.md$|LICENSE$|package\.json$)/.test(file)),
      ).toEqual([])
      expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']))
      expect(
        files.filter((file) => /(^|\/)__tests__\/|\.test(-d)?\.|\.tsbuildinfo$/.test(file)),
      ).toEqual([])
    })

    it('ships every file its manifest points to', async ({ expect }) => {
      const { files } = packOf(pkg.name)
      const missing = referencedFiles(await packedManifest(pkg.name)).filter(
        (file) => !files.includes(file),
      )
      expect(missing).toEqual([])
    })

    it('exports ./package.json and lists types first in every condition', async ({ expect }) => {
      const manifest = await packedManifest(pkg.name)
      expect(manifest.exports?.['./package.json']).toBe('./package.json')
      const typesNotFirst = conditionObjects(manifest.exports)
        .filter(([, conditions]) => 'types' in conditions && Object.keys(conditions)[0] !== 'types')
        .map(([path]) => path.join(' > ') || '(root)')
      expect(typesNotFirst).toEqual([])
    })

    it(`ships the module formats of a${pkg.shape === 'esm-only' ? 'n' : ''} ${pkg.shape} package`, async ({
      expect,
    }) => {
      const manifest = await packedManifest(pkg.name)
      const root = manifest.exports?.['.'] as Record<string, Record<string, string>> | undefined
      switch (pkg.shape) {
        case 'bin':
          expect(root).toBeUndefined()
          expect(manifest.bin).toBeDefined()
          break
        case 'dual':
          expect(Object.keys(root ?? {})).toEqual(['import', 'require'])
          expect(root?.import).toEqual({
            types: expect.stringMatching(/\.d\.ts$/),
            default: expect.stringMatching(/\.js$/),
          })
          expect(root?.require).toEqual({
            types: expect.stringMatching(/\.d\.cts$/),
            default: expect.stringMatching(/\.cjs$/),
          })
          // For tools that predate `exports` (TypeScript's moduleResolution "node", old bundlers).
          expect(manifest.main).toBe(root?.require?.default)
          expect(manifest.types).toBe(root?.import?.types)
          break
        case 'esm-only':
          expect(root).toEqual({
            types: expect.stringMatching(/\.d\.ts$/),
            default: expect.stringMatching(/\.js$/),
          })
          expect(manifest.main).toBeUndefined()
          break
        case 'esm-or-dual':
          expect(root).toBeDefined()
          break
      }
    })

    it('is side-effect free (a bin may have effects), runs on Node 20+ and declares its peer ranges', async ({
      expect,
    }) => {
      const manifest = await packedManifest(pkg.name)
      if (pkg.shape === 'bin') expect(typeof manifest.sideEffects).toBe('boolean')
      else expect(manifest.sideEffects).toBe(false)
      expect(manifest.engines?.node).toMatch(/^>=\s*20(\.\d+){0,2}$/)
      expect(manifest.peerDependencies ?? {}).toEqual(pkg.peerDependencies)
    })

    it('has no workspace: ranges left in the packed manifest', async ({ expect }) => {
      const manifest = await packedManifest(pkg.name)
      const ranges = {
        ...manifest.dependencies,
        ...manifest.peerDependencies,
        ...manifest.optionalDependencies,
      }
      expect(Object.entries(ranges).filter(([, range]) => range.startsWith('workspace:'))).toEqual(
        [],
      )
    })

    it('passes publint --strict', async ({ expect }) => {
      const result = await runPublint(packOf(pkg.name).tarball)
      expect(result.problems).toEqual([])
      expect(result.passed, result.output).toBe(true)
    })

    it('passes attw (Are the Types Wrong?) in every resolution mode it ships', async ({
      expect,
    }) => {
      const manifest = await packedManifest(pkg.name)
      const shipsRequire = JSON.stringify(manifest.exports ?? {}).includes('"require"')
      const result = await runAttw(
        packOf(pkg.name).tarball,
        attwProfileFor(pkg.shape, shipsRequire),
      )
      expect(result.problems).toEqual([])
      expect(result.passed, result.output).toBe(true)
    })
  },
)
