import { defineConfig } from 'tsup'
import { packageBuild } from '../../tsup.shared.ts'

// got is ESM-only, so this adapter is too.
export default defineConfig(packageBuild({ format: ['esm'] }))
