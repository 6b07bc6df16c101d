import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ROWS, packagesFor, peerFloor, smokeCommand } from '../matrix.mjs'
import { PUBLISHED_PACKAGES } from '../published-packages.mjs'

describe('the compat matrix', () => {
  it('installs every peer dependency at the floor of its range in the floors row', () => {
    const floors = ROWS.find((row) => row.id === 'node20-floors')
    for (const pkg of PUBLISHED_PACKAGES) {
      for (const peer of Object.keys(pkg.peerDependencies)) {
        expect(floors?.clients[peer], `${pkg.name} → ${peer}`).toBe(peerFloor(pkg.name, peer))
      }
    }
  })

  it('runs each Redis client a row installs against the real Redis in its redis cell', () => {
    const commands = Object.fromEntries(
      ROWS.filter((row) => row.columns.includes('redis')).map((row) => [
        row.id,
        smokeCommand(row, 'redis').slice(1),
      ]),
    )
    expect(commands).toEqual({
      'node20-esm': ['redis', 'ioredis', 'node-redis'],
      'node24-esm': ['redis', 'node-redis'],
      'node20-cjs': ['redis', 'ioredis'],
      'node20-floors': ['redis', 'ioredis', 'node-redis'],
    })
  })

  it('runs every undici major a row installs in its undici cell (undici 8 on Node 24 only)', () => {
    const commands = Object.fromEntries(
      ROWS.filter((row) => row.columns.includes('undici')).map((row) => [
        row.id,
        [row.node, ...smokeCommand(row, 'undici').slice(1)],
      ]),
    )
    expect(commands).toEqual({
      'node20-esm': ['system', 'undici', 'undici'],
      'node24-esm': ['24', 'undici', 'undici', 'undici7'],
      'node20-cjs': ['system', 'undici', 'undici'],
      'node20-floors': ['system', 'undici', 'undici'],
    })
    const node24 = ROWS.find((row) => row.id === 'node24-esm')
    expect([node24?.clients.undici, node24?.clients.undici7]).toEqual(['^8', 'npm:undici@^7'])
  })

  it('installs the @zoom-auth packages each installed package depends on (the cli needs the adapters)', () => {
    for (const row of ROWS) {
      const installed = packagesFor(row)
      for (const name of installed) {
        const dependencies = Object.keys(manifestOf(name).dependencies ?? {}).filter((dependency) =>
          dependency.startsWith('@zoom-auth/'),
        )
        for (const dependency of dependencies)
          expect(installed, `${row.id}: ${name}`).toContain(dependency)
      }
    }
    const withBins = ROWS.find((row) => row.columns.includes('bins'))
    expect(withBins && packagesFor(withBins)).toContain('@zoom-auth/fetch')
  })
})

function manifestOf(name: string): { dependencies?: Record<string, string> } {
  const published = PUBLISHED_PACKAGES.find((pkg) => pkg.name === name)
  if (!published) throw new Error(`${name} is not published`)
  return JSON.parse(
    readFileSync(new URL(`../../../../${published.dir}/package.json`, import.meta.url), 'utf8'),
  ) as { dependencies?: Record<string, string> }
}
