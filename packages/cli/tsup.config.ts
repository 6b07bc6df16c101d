import { defineConfig } from 'tsup'
import { binBuild } from '../../tsup.shared.ts'

export default defineConfig(binBuild({ banner: { js: '#!/usr/bin/env node' } }))
