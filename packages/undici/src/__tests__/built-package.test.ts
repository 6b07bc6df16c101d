import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { tokensSeen, useZoom } from './support/harness.js'

const run = promisify(execFile)
const dist = fileURLToPath(new URL('../../dist/', import.meta.url))
// The undici this package is tested with, loaded by the child as a user's project would load it.
const undici = fileURLToPath(import.meta.resolve('undici'))

/** Loads the built package the way a user would and makes one request; prints only the status. */
const script = (load: string) => `
  ${load}
  const dispatcher = new Agent().compose(zoomAuth(JSON.parse(process.env.CREDENTIALS), { hosts: [process.env.HOST] }))
  request(process.env.URL, { dispatcher }).then(async (response) => {
    await response.body.dump()
    process.stdout.write(typeof zoomAuth + ' ' + response.statusCode)
    await dispatcher.close()
  })
`

// Depends on the package's own build (nx runs `build` before `test`).
describe('the built package', () => {
  const zoom = useZoom()

  it.each([
    [
      'require (CJS)',
      [
        '-e',
        script(
          `const { zoomAuth } = require(${JSON.stringify(`${dist}index.cjs`)})
           const { Agent, request } = require(${JSON.stringify(undici)})`,
        ),
      ],
    ],
    [
      'import (ESM)',
      [
        '--input-type=module',
        '-e',
        script(
          `import { zoomAuth } from ${JSON.stringify(`${dist}index.js`)}
           import { Agent, request } from ${JSON.stringify(undici)}`,
        ),
      ],
    ],
  ])('works through %s', async (_form, args) => {
    const { stdout } = await run(process.execPath, args, {
      env: {
        ...process.env,
        CREDENTIALS: JSON.stringify({
          ...zoom.emulator.credentials,
          oauthBaseUrl: zoom.emulator.url,
        }),
        HOST: zoom.emulator.host,
        URL: `${zoom.emulator.url}/v2/users/me`,
      },
    })
    expect(stdout.trim()).toBe('function 200')
    expect(tokensSeen(zoom.emulator).map((token) => token !== undefined)).toEqual([true])
  })
})
