import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { useLocalZoom } from './harness.js'

const run = promisify(execFile)
const dist = fileURLToPath(new URL('../../dist/', import.meta.url))

/** Loads the built package the way a user would and makes one request; prints only the status. */
const script = (load: string) => `
  ${load}
  const zoomFetch = zoomAuth(JSON.parse(process.env.CREDENTIALS), { hosts: [process.env.HOST] })
  zoomFetch(process.env.URL).then((response) => process.stdout.write(typeof zoomFetch + ' ' + response.status))
`

// Depends on the package's own build (nx runs `build` before `test`).
describe('the built package', () => {
  const local = useLocalZoom()

  it.each([
    [
      'require (CJS)',
      ['-e', script(`const { zoomAuth } = require(${JSON.stringify(`${dist}index.cjs`)})`)],
    ],
    [
      'import (ESM)',
      [
        '--input-type=module',
        '-e',
        script(`import { zoomAuth } from ${JSON.stringify(`${dist}index.js`)}`),
      ],
    ],
  ])('works through %s', async (_form, args) => {
    const { stdout } = await run(process.execPath, args, {
      env: {
        ...process.env,
        CREDENTIALS: JSON.stringify({ ...local.zoom.credentials, oauthBaseUrl: local.zoom.url }),
        HOST: local.zoom.host,
        URL: `${local.zoom.url}/v2/users/me`,
      },
    })
    expect(stdout.trim()).toBe('function 200')
    expect(local.zoom.stats.requests.map((r) => r.validToken)).toEqual([true])
  })
})
