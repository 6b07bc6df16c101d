import axios from 'axios'
import got from 'got'
import ky from 'ky'
import { Agent, request } from 'undici'
import type { AdapterOptions, TokenProvider } from '@zoom-auth/core'
import { zoomAuth as axiosAuth } from '@zoom-auth/axios'
import { zoomAuth as fetchAuth } from '@zoom-auth/fetch'
import { zoomAuth as gotAuth } from '@zoom-auth/got'
import { zoomAuth as kyAuth } from '@zoom-auth/ky'
import { zoomAuth as undiciAuth } from '@zoom-auth/undici'

/** One HTTP client wired through its adapter: sends a GET and reports the status, never throwing on it. */
export interface DemoClient {
  name: string
  get(url: string): Promise<number>
}

/** Every adapter, all sharing one provider, so the demo shows one token serving them all. */
export function demoClients(provider: TokenProvider, options: AdapterOptions): DemoClient[] {
  const axiosClient = axios.create({ validateStatus: () => true })
  axiosClient.interceptors.request.use(axiosAuth(provider, options))
  const kyClient = ky.create({ throwHttpErrors: false, retry: 0 }).extend(kyAuth(provider, options))
  const gotClient = got.extend(
    { throwHttpErrors: false, retry: { limit: 0 } },
    gotAuth(provider, options),
  )
  const zoomFetch = fetchAuth(provider, options)
  const dispatcher = new Agent().compose(undiciAuth(provider, options))

  return [
    { name: 'axios', get: async (url) => (await axiosClient.get(url)).status },
    { name: 'ky', get: async (url) => (await kyClient.get(url)).status },
    { name: 'got', get: async (url) => (await gotClient.get(url)).statusCode },
    {
      name: 'fetch',
      get: async (url) => {
        const response = await zoomFetch(url)
        await response.arrayBuffer()
        return response.status
      },
    },
    {
      name: 'undici',
      get: async (url) => {
        const response = await request(url, { dispatcher })
        await response.body.dump()
        return response.statusCode
      },
    },
  ]
}
