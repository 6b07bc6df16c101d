import axios from 'axios'
import got from 'got'
import ky from 'ky'
import { Agent, request, type Dispatcher } from 'undici'
import { zoomAuth as axiosZoomAuth } from '@zoom-auth/axios'
import { zoomAuth as fetchZoomAuth } from '@zoom-auth/fetch'
import { zoomAuth as gotZoomAuth } from '@zoom-auth/got'
import { zoomAuth as kyZoomAuth } from '@zoom-auth/ky'
import { zoomAuth as undiciZoomAuth } from '@zoom-auth/undici'
import type { ZoomTokenProviderOptions } from '@zoom-auth/core'
import { statusOfHttpError } from './http-status.js'
import { observingFetch } from './token-observer.js'
import type { BenchClient, BenchTarget, ClientSpec } from './types.js'

/**
 * Our input, exactly as the README shows it, against the emulator. The only addition is the token
 * transport of scenarios that time token arrivals: global fetch, wrapped to watch the responses.
 */
function credentialsFor(target: BenchTarget): ZoomTokenProviderOptions {
  return {
    ...target.credentials,
    oauthBaseUrl: target.oauthUrl,
    ...(target.onToken !== undefined && { fetch: observingFetch(target.onToken) }),
  }
}

const hostsFor = (target: BenchTarget) => ({ hosts: [target.host] })
const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}` })

async function settle(send: () => Promise<number>): Promise<number> {
  try {
    return await send()
  } catch (error) {
    return statusOfHttpError(error)
  }
}

function axiosClient(instance: ReturnType<typeof axios.create>): BenchClient {
  return {
    get: (url) => settle(async () => (await instance.get(url)).status),
    close: () => {},
  }
}

function kyClient(instance: typeof ky): BenchClient {
  return {
    get: (url) =>
      settle(async () => {
        const response = await instance.get(url)
        await response.arrayBuffer()
        return response.status
      }),
    close: () => {},
  }
}

function gotClient(instance: typeof got): BenchClient {
  return {
    get: (url) => settle(async () => (await instance.get(url)).statusCode),
    close: () => {},
  }
}

function fetchClient(send: typeof fetch): BenchClient {
  return {
    get: async (url) => {
      const response = await send(url)
      await response.arrayBuffer()
      return response.status
    },
    close: () => {},
  }
}

function undiciClient(
  dispatcher: Dispatcher,
  headers?: Record<string, string>,
  close: () => Promise<void> = () => dispatcher.close(),
): BenchClient {
  return {
    get: async (url) => {
      const response = await request(url, { dispatcher, ...(headers && { headers }) })
      await response.body.arrayBuffer()
      return response.statusCode
    },
    close: () => void close().catch(() => {}),
  }
}

/** `axios.interceptors.request.use(zoomAuth(creds))` on an instance of its own. */
export const zoomAuthAxios: ClientSpec = {
  name: '@zoom-auth/axios',
  transport: 'axios',
  ours: true,
  grant: 'account_credentials',
  create(target) {
    const instance = axios.create()
    instance.interceptors.request.use(axiosZoomAuth(credentialsFor(target), hostsFor(target)))
    return axiosClient(instance)
  },
  createBare: (_target, accessToken) => axiosClient(axios.create({ headers: bearer(accessToken) })),
  createFloor(_target, accessToken) {
    const instance = axios.create({ headers: bearer(accessToken) })
    instance.interceptors.request.use((config) => {
      const send = axios.getAdapter(config.adapter ?? axios.defaults.adapter, config)
      config.adapter = async (request) => send(request)
      return config
    })
    return axiosClient(instance)
  },
}

/** `ky.create().extend(zoomAuth(creds))`. */
export const zoomAuthKy: ClientSpec = {
  name: '@zoom-auth/ky',
  transport: 'ky',
  ours: true,
  grant: 'account_credentials',
  create: (target) =>
    kyClient(ky.create({}).extend(kyZoomAuth(credentialsFor(target), hostsFor(target)))),
  createBare: (_target, accessToken) => kyClient(ky.create({ headers: bearer(accessToken) })),
  createFloor: (_target, accessToken) =>
    kyClient(
      ky.create({
        headers: bearer(accessToken),
        fetch: async (input, init) => await fetch(input, init),
        hooks: { beforeRetry: [() => {}] },
      }),
    ),
}

/** `got.extend(zoomAuth(creds))`. */
export const zoomAuthGot: ClientSpec = {
  name: '@zoom-auth/got',
  transport: 'got',
  ours: true,
  grant: 'account_credentials',
  create: (target) => gotClient(got.extend(gotZoomAuth(credentialsFor(target), hostsFor(target)))),
  createBare: (_target, accessToken) => gotClient(got.extend({ headers: bearer(accessToken) })),
  createFloor: (_target, accessToken) =>
    gotClient(
      got.extend({
        headers: bearer(accessToken),
        handlers: [(options, next) => next(options)],
        hooks: {
          beforeRequest: [() => {}],
          afterResponse: [(response) => response],
          beforeError: [(error) => error],
        },
      }),
    ),
}

/** `const zoomFetch = zoomAuth(creds)` around global fetch. */
export const zoomAuthFetch: ClientSpec = {
  name: '@zoom-auth/fetch',
  transport: 'fetch',
  ours: true,
  grant: 'account_credentials',
  create: (target) => fetchClient(fetchZoomAuth(credentialsFor(target), hostsFor(target))),
  createBare: (_target, accessToken) =>
    fetchClient((input, init) => fetch(input, { ...init, headers: bearer(accessToken) })),
  createFloor: (_target, accessToken) =>
    fetchClient(
      async (input, init) => await fetch(input, { ...init, headers: bearer(accessToken) }),
    ),
}

/** `new Agent().compose(zoomAuth(creds))`, sent with `undici.request`. */
export const zoomAuthUndici: ClientSpec = {
  name: '@zoom-auth/undici',
  transport: 'undici',
  ours: true,
  grant: 'account_credentials',
  create(target) {
    const agent = new Agent()
    const dispatcher = agent.compose(undiciZoomAuth(credentialsFor(target), hostsFor(target)))
    return undiciClient(dispatcher, undefined, () => agent.close())
  },
  createBare: (_target, accessToken) => undiciClient(new Agent(), bearer(accessToken)),
  // An interceptor that does nothing: what undici's compose() charges any interceptor.
  createFloor(_target, accessToken) {
    const agent = new Agent()
    const dispatcher = agent.compose(
      (dispatch) =>
        function passThrough(options, handler) {
          return dispatch(options, handler)
        },
    )
    return undiciClient(dispatcher, bearer(accessToken), () => agent.close())
  },
}
