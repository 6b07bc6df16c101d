import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startZoomEmulator } from '@zoom-auth/testing'
import { describe, expect, it } from 'vitest'
import { useZoom } from './support/harness.js'

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
  const zoom = useZoom(startZoomEmulator)

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
        CREDENTIALS: JSON.stringify({ ...zoom.server.credentials, oauthBaseUrl: zoom.server.url }),
        HOST: zoom.server.host,
        URL: `${zoom.server.url}/v2/users/me`,
      },
    })
    expect(stdout.trim()).toBe('function 200')
    expect(zoom.server.stats.requests.map((r) => [r.status, r.token !== undefined])).toEqual([
      [200, true],
    ])
  })
})
