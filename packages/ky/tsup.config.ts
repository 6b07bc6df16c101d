import { defineConfig } from 'tsup'
import { packageBuild } from '../../tsup.shared.ts'

// ky is ESM-only, so this adapter is too.
export default defineConfig(packageBuild({ format: ['esm'] }))
