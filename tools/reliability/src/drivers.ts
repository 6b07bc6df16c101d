import axios from 'axios'
import got from 'got'
import ky from 'ky'
import * as undici from 'undici'
import { zoomAuth as axiosZoomAuth } from '@zoom-auth/axios'
import { zoomAuth as fetchZoomAuth } from '@zoom-auth/fetch'
import { zoomAuth as gotZoomAuth } from '@zoom-auth/got'
import { zoomAuth as kyZoomAuth } from '@zoom-auth/ky'
import { zoomAuth as undiciZoomAuth } from '@zoom-auth/undici'
import {
  axiosDriver,
  fetchDriver,
  gotDriver,
  kyDriver,
  undiciDriver,
  type AdapterDriver,
} from '@zoom-auth/testing/contracts'

export type {
  AdapterDriver,
  ClientOptions,
  DriverOutcome,
  DriverRequest,
  Send,
} from '@zoom-auth/testing/contracts'

/**
 * The five adapters under test, each on its real client (undici: `request` on an Agent composed with
 * the interceptor), for `describe.each(drivers)`. The drivers are the adapter contract's
 * (`@zoom-auth/testing/contracts`): the same clients the contract checks.
 *
 * @example
 * ```ts
 * describe.each(drivers)('$name', (driver) => {
 *   it('sends the token', async () => {
 *     const send = driver.client(provider, { hosts: [emulator.host] })
 *     expect(await send({ url: `${emulator.url}/v2/users/me` })).toMatchObject({ ok: true, status: 200 })
 *   })
 * })
 * ```
 */
export const drivers: readonly AdapterDriver[] = [
  axiosDriver({ axios, zoomAuth: axiosZoomAuth }),
  kyDriver({ ky, zoomAuth: kyZoomAuth }),
  gotDriver({ got, zoomAuth: gotZoomAuth }),
  fetchDriver({ zoomAuth: fetchZoomAuth }),
  undiciDriver({ undici, zoomAuth: undiciZoomAuth }),
]
