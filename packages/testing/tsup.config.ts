import { defineConfig } from 'tsup'

const shared = { sourcemap: true, target: 'node20' } as const

export default defineConfig([
  {
    ...shared,
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    // Both builds share dist/ and run in parallel: leave the bin's files to the second one.
    clean: ['!bin.js', '!bin.js.map'],
  },
  {
    ...shared,
    // ESM only (top-level await); src/bin.ts starts with `#!/usr/bin/env node`, which esbuild
    // keeps and tsup turns into an executable file.
    entry: ['src/bin.ts'],
    format: ['esm'],
    clean: false,
  },
])
