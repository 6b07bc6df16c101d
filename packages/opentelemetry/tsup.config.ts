import { readFileSync } from 'node:fs'
import { defineConfig } from 'tsup'
import { packageBuild } from '../../tsup.shared.ts'

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {
  version: string
}

// The version names the instrumentation scope of every span and metric.
export default defineConfig(
  packageBuild({ define: { __PACKAGE_VERSION__: JSON.stringify(version) } }),
)
