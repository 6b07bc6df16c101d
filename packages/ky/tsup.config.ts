import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  // ky is ESM-only, so this adapter is too.
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
})
