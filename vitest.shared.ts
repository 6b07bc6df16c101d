import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig, type ViteUserConfig } from 'vitest/config'

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url))

/** Workspace packages resolve to their sources in tests, so a test never needs a build first. */
const workspaceAliases = Object.fromEntries(
  readdirSync(packagesDir).map((name) => [`@zoom-auth/${name}`, `${packagesDir}${name}/src/index.ts`]),
)

export function packageConfig(overrides: ViteUserConfig['test'] = {}) {
  return defineConfig({
    resolve: { alias: workspaceAliases },
    test: {
      include: ['src/**/*.test.ts'],
      setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
      testTimeout: 20_000,
      ...overrides,
    },
  })
}
