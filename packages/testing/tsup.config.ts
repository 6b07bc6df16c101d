import { defineConfig } from 'tsup'
import { binBuild, packageBuild } from '../../tsup.shared.ts'

export default defineConfig([
  // Both builds share dist/ and run in parallel: leave the bin's files to the second one.
  packageBuild({ entry: ['src/index.ts', 'src/contracts.ts'], clean: ['!bin.js', '!bin.js.map'] }),
  // src/bin.ts starts with `#!/usr/bin/env node` and uses top-level await.
  binBuild({ clean: false }),
])
