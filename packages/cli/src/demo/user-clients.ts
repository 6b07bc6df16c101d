import axios from 'axios'
import got from 'got'
import ky from 'ky'
import { Agent, request } from 'undici'
import type { AdapterOptions, ZoomUsers } from '@zoom-auth/core'
import { zoomAuth as axiosAuth } from '@zoom-auth/axios'
import { zoomAuth as fetchAuth } from '@zoom-auth/fetch'
import { zoomAuth as gotAuth } from '@zoom-auth/got'
import { zoomAuth as kyAuth } from '@zoom-auth/ky'
import { zoomAuth as undiciAuth } from '@zoom-auth/undici'

/** What a user demo request got: the status, and whose `/v2/users/me` answered (on a 200). */
export interface UserAnswer {
  status: number
  userId?: string
}

/** One HTTP client wired through its adapter with the users of an app; names the user per request. */
export interface UserDemoClient {
  name: string
  /** GETs `url` as `user`; reports the status, never throwing on it. */
  get(url: string, user: string): Promise<UserAnswer>
}

/**
 * Every adapter given the same `zoomUsers`, each naming a request's user in its own idiom:
 * axios `config.zoomUser`, ky's `zoomUser` option, got's `context.zoomUser`, fetch's
 * `init.zoomUser`, undici's `zoomUser` request option.
 *
 * @example
 * ```ts
 * const [axios] = userDemoClients(users, { hosts: [emulator.host] })
 * await axios.get(`${emulator.url}/v2/users/me`, 'user-01')
 * ```
 */
export function userDemoClients(users: ZoomUsers, options: AdapterOptions): UserDemoClient[] {
  const axiosClient = axios.create({ validateStatus: () => true })
  axiosClient.interceptors.request.use(axiosAuth(users, options))
  const kyClient = ky.create({ throwHttpErrors: false, retry: 0 }).extend(kyAuth(users, options))
  const gotClient = got.extend(
    { throwHttpErrors: false, retry: { limit: 0 } },
    gotAuth(users, options),
  )
  const zoomFetch = fetchAuth(users, options)
  const dispatcher = new Agent().compose(undiciAuth(users, options))

  return [
    {
      name: 'axios',
      get: async (url, user) => {
        const response = await axiosClient.get<unknown>(url, { zoomUser: user })
        return answer(response.status, () => response.data)
      },
    },
    {
      name: 'ky',
      get: async (url, user) => {
        const response = await kyClient.get(url, { zoomUser: user })
        return answer(response.status, () => response.json())
      },
    },
    {
      name: 'got',
      get: async (url, user) => {
        const response = await gotClient.get(url, { context: { zoomUser: user } })
        return answer(response.statusCode, () => JSON.parse(response.body) as unknown)
      },
    },
    {
      name: 'fetch',
      get: async (url, user) => {
        const response = await zoomFetch(url, { zoomUser: user })
        return answer(response.status, () => response.json())
      },
    },
    {
      name: 'undici',
      get: async (url, user) => {
        // undici hands options it doesn't know down the dispatch chain: zoomAuth reads zoomUser.
        const requestOptions = { dispatcher, zoomUser: user }
        const response = await request(url, requestOptions)
        return answer(response.statusCode, () => response.body.json())
      },
    },
  ]
}

/** The status, and the `id` of a 200's JSON body; the body is read (drained) either way. */
async function answer(status: number, readBody: () => unknown): Promise<UserAnswer> {
  const body = await Promise.resolve()
    .then(readBody)
    .catch(() => undefined)
  const id = (body as { id?: unknown } | undefined)?.id
  return status === 200 && typeof id === 'string' ? { status, userId: id } : { status }
}
