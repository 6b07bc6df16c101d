import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { useZoom } from './support/harness.js'

const run = promisify(execFile)
const packageDir = fileURLToPath(new URL('../../', import.meta.url))

/** Loads the built package the way a user would and makes one request; prints only the status. */
const script = `
  import got from 'got'
  import { zoomAuth } from ${JSON.stringify(`${packageDir}dist/index.js`)}
  const api = got.extend(zoomAuth(JSON.parse(process.env.CREDENTIALS), { hosts: [process.env.HOST] }))
  const response = await api(process.env.URL)
  console.log(String(response.statusCode))
`

// Depends on the package's own build (nx runs `build` before `test`).
describe('the built package', () => {
  const local = useZoom()

  it('works when imported as ESM next to got', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageDir,
      env: {
        ...process.env,
        CREDENTIALS: JSON.stringify({ ...local.zoom.credentials, oauthBaseUrl: local.zoom.url }),
        HOST: local.zoom.host,
        URL: `${local.zoom.url}/v2/users/me`,
      },
    })
    expect(stdout.trim()).toBe('200')
    expect(local.sent().map((r) => r.withToken)).toEqual([true])
  })

  it('has no runtime import of got, so it works with whichever got the app installed', async () => {
    const built = await readFile(`${packageDir}dist/index.js`, 'utf8')
    expect(built).not.toMatch(/from ['"]got['"]/)
    expect(built).not.toMatch(/import\(['"]got['"]\)/)
  })
})
