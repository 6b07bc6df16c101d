import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { useZoom } from './support/harness.js'

const run = promisify(execFile)
const dist = fileURLToPath(new URL('../../dist/', import.meta.url))

/**
 * Loads the built package and axios the way a user would, makes one request that meets a revoked
 * token (so the replay runs too), and prints only the statuses.
 */
const script = (load: string) => `
  ${load}
  const api = axios.create({ baseURL: process.env.ZOOM_URL })
  api.interceptors.request.use(zoomAuth(JSON.parse(process.env.CREDENTIALS), { hosts: [process.env.HOST] }))
  api.get('/v2/unauthorized', { validateStatus: () => true })
    .then((response) => process.stdout.write(typeof zoomAuth + ' ' + response.status))
`

// Depends on the package's own build (nx runs `build` before `test`).
describe('the built package', () => {
  const local = useZoom()

  it.each([
    [
      'require (CJS)',
      [
        '-e',
        script(
          `const axios = require('axios'); const { zoomAuth } = require(${JSON.stringify(`${dist}index.cjs`)})`,
        ),
      ],
    ],
    [
      'import (ESM)',
      [
        '--input-type=module',
        '-e',
        script(
          `import axios from 'axios'; import { zoomAuth } from ${JSON.stringify(`${dist}index.js`)}`,
        ),
      ],
    ],
  ])('works through %s', async (_form, args) => {
    const { stdout } = await run(process.execPath, args, {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      env: {
        ...process.env,
        CREDENTIALS: JSON.stringify({ ...local.zoom.credentials, oauthBaseUrl: local.zoom.url }),
        HOST: local.zoom.host,
        ZOOM_URL: local.zoom.url,
      },
    })
    expect(stdout.trim()).toBe('function 401')
    expect(local.attempts()).toEqual([
      [401, 1],
      [401, 2],
    ])
  })
})

describe('the built types', () => {
  it.each(['index.d.ts', 'index.d.cts'])(
    "%s adds zoomUser to axios' request config (module augmentation)",
    async (file) => {
      const types = await readFile(`${dist}${file}`, 'utf8')
      expect(types).toMatch(
        /declare module 'axios' \{\s*interface AxiosRequestConfig extends ZoomRequestConfig \{/,
      )
      expect(types).toMatch(/interface ZoomRequestConfig \{[\s\S]*?\n\s*zoomUser\?: string;/)
    },
  )
})
