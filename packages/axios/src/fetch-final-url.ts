import axios, { type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios'

/**
 * The fetch option through which one send asks our fetch for its response's final URL. A string
 * key: axios merges `fetchOptions` key by key (symbols are lost) before handing them to its fetch;
 * our fetch takes it off again, so the fetch it wraps never sees it.
 */
const FINAL_URL = 'zoomAuthFinalUrl'

/**
 * Where one send's final URL lands (`undefined` until a response came through our fetch). A class,
 * not a plain object: axios' merge copies plain objects, and would hand our fetch a copy.
 */
class FinalUrl {
  url: string | undefined
}

type Fetch = typeof fetch

/** One wrapper per fetch, so axios' adapter cache (keyed by `env.fetch`) gains one entry per fetch. */
const wrappers = new WeakMap<Fetch, Fetch>()
const globalFetch: Fetch = (input, init) => globalThis.fetch(input, init)

function recordingFetch(inner: Fetch): Fetch {
  let wrapper = wrappers.get(inner)
  if (wrapper === undefined) {
    wrapper = async (input, init) => {
      const holder = (init as Record<string, unknown> | undefined)?.[FINAL_URL]
      if (!(holder instanceof FinalUrl)) return inner(input, init)
      const { [FINAL_URL]: _holder, ...own } = init as Record<string, unknown>
      const response = await inner(input, own as RequestInit)
      holder.url = response.url
      return response
    }
    wrappers.set(inner, wrapper)
  }
  return wrapper
}

/** Whether an adapter function is axios' fetch adapter: a property of the function, asked once. */
const fetchAdapterVerdicts = new WeakMap<AxiosAdapter, boolean>()

/**
 * True when `send` (the adapter axios chose for `config`) is axios' fetch adapter (axios 1.7+).
 * That adapter follows redirects inside fetch, where no `beforeRedirect` sees them, and hands back
 * no final URL. Remembered per adapter function: asking axios costs about 230 ns a request.
 */
export function isFetchAdapter(send: AxiosAdapter, config: InternalAxiosRequestConfig): boolean {
  let verdict = fetchAdapterVerdicts.get(send)
  if (verdict === undefined) {
    try {
      verdict = send === axios.getAdapter('fetch', config)
    } catch {
      verdict = false // an axios without a fetch adapter
    }
    fetchAdapterVerdicts.set(send, verdict)
  }
  return verdict
}

/**
 * Sends through axios' fetch adapter with a fetch that notes the response's final URL (after the
 * redirects fetch followed), so that a 401 from another origin is known as such. The caller's
 * `env` and `fetchOptions` are put back afterwards. Resolves `url: undefined` when the URL could not
 * be learnt (an axios whose fetch adapter takes no `env.fetch`, or a caller's non-function
 * `env.fetch`): the 401 is then judged as before.
 */
export async function sendThroughFetch<T>(
  config: InternalAxiosRequestConfig,
  send: (adapter: AxiosAdapter) => Promise<T>,
): Promise<{ outcome: T; url: string | undefined }> {
  const holder = new FinalUrl()
  const { env, fetchOptions } = config as { env?: Record<string, unknown>; fetchOptions?: object }
  const given = env !== undefined && Object.hasOwn(env, 'fetch') ? env['fetch'] : globalFetch
  if (typeof given !== 'function')
    return { outcome: await send(axios.getAdapter('fetch', config)), url: undefined }
  const writable = config as { env?: unknown; fetchOptions?: unknown }
  writable.env = { ...env, fetch: recordingFetch(given as Fetch) }
  writable.fetchOptions = { ...fetchOptions, [FINAL_URL]: holder }
  try {
    const outcome = await send(axios.getAdapter('fetch', config))
    return { outcome, url: holder.url }
  } finally {
    writable.env = env
    writable.fetchOptions = fetchOptions
  }
}
