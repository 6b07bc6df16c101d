import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig, type ViteUserConfig } from 'vitest/config'

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url))

/**
 * Workspace packages resolve to their sources in tests, so a test never needs a build first:
 * `@zoom-auth/x` → `packages/x/src/index.ts`, a subpath `@zoom-auth/x/y` → `packages/x/src/y.ts`.
 */
const workspaceAliases = [
  { find: /^@zoom-auth\/([^/]+)\/([^/]+)$/, replacement: `${packagesDir}$1/src/$2.ts` },
  ...readdirSync(packagesDir).map((name) => ({
    find: new RegExp(`^@zoom-auth/${name}$`),
    replacement: `${packagesDir}${name}/src/index.ts`,
  })),
]

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
