import type { Options } from 'tsup'

/**
 * The build every package shares, so a package's tsup.config.ts names only what differs:
 * ESM and CommonJS with type declarations and source maps, for the Node version the packages
 * support (`engines.node`).
 *
 * @example
 * // packages/x/tsup.config.ts
 * import { defineConfig } from 'tsup'
 * import { packageBuild } from '../../tsup.shared.ts'
 *
 * export default defineConfig(packageBuild({ entry: ['src/index.ts', 'src/adapter.ts'] }))
 */
export function packageBuild(overrides: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    ...overrides,
  }
}

/**
 * An executable `src/bin.ts`: ESM only (a bin may use top-level await) and no declarations,
 * since nothing imports it. A shebang line at the top of the entry (or in `banner`) makes tsup
 * mark the output executable.
 *
 * @example
 * export default defineConfig(binBuild({ banner: { js: '#!/usr/bin/env node' } }))
 */
export function binBuild(overrides: Options = {}): Options {
  return packageBuild({ entry: ['src/bin.ts'], format: ['esm'], dts: false, ...overrides })
}
