/**
 * ky 1 calls hooks with positional arguments (`request, options, response`), ky 2 with one state
 * object (`{ request, options, response, retryCount }`). These readers turn either form into the same
 * shape, so the hooks themselves are written once.
 */

/** The fields of ky's normalized options the hooks read; every one may be missing in some version. */
export interface KyHookOptions {
  readonly context?: unknown
  readonly signal?: AbortSignal | null
  readonly body?: unknown
  readonly headers?: unknown
  readonly retry?: { readonly limit?: number }
  /** ky 1 only: ky 2 leaves `fetch` and `timeout` out of the options it hands to hooks. */
  readonly fetch?: unknown
  readonly timeout?: unknown
  readonly [key: string]: unknown
}

/** Which calling convention ky used: `positional` is ky 1, `state` is ky 2. */
export type HookForm = 'positional' | 'state'

export interface RequestHookArguments {
  readonly form: HookForm
  readonly request: Request
  readonly options: KyHookOptions
}

export interface ResponseHookArguments extends RequestHookArguments {
  readonly response: Response
}

export interface ErrorHookArguments {
  readonly form: HookForm
  readonly error: unknown
  /** ky 2 only: the request that failed (ky 1 hands over just the error). */
  readonly request?: Request
  readonly options?: KyHookOptions
}

/**
 * True for a `Request` of any fetch implementation. Checked by shape, because `instanceof Request`
 * is false for undici's `Request` under Node's global fetch and the other way round.
 *
 * @example
 * ```ts
 * const form = isRequestLike(args[0]) ? 'positional' : 'state'
 * ```
 */
export function isRequestLike(value: unknown): value is Request {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Partial<Request>
  return (
    typeof candidate.url === 'string' &&
    typeof candidate.method === 'string' &&
    typeof candidate.clone === 'function' &&
    typeof candidate.headers === 'object'
  )
}

/**
 * Reads a `beforeRequest` call: `(request, options, state)` in ky 1, `({ request, options })` in ky 2.
 *
 * @example
 * ```ts
 * const { request, options } = readRequestHook(args)
 * ```
 */
export function readRequestHook(args: readonly unknown[]): RequestHookArguments {
  const [first, second] = args
  if (isRequestLike(first))
    return { form: 'positional', request: first, options: asOptions(second) }
  const state = asState(first, 'beforeRequest')
  if (!isRequestLike(state.request)) throw hookMisuse('beforeRequest')
  return { form: 'state', request: state.request, options: asOptions(state.options) }
}

/**
 * Reads an `afterResponse` call: `(request, options, response, state)` in ky 1,
 * `({ request, options, response })` in ky 2.
 *
 * @example
 * ```ts
 * const { request, response } = readResponseHook(args)
 * ```
 */
export function readResponseHook(args: readonly unknown[]): ResponseHookArguments {
  const [first, second, third] = args
  if (isRequestLike(first)) {
    return {
      form: 'positional',
      request: first,
      options: asOptions(second),
      response: asResponse(third),
    }
  }
  const state = asState(first, 'afterResponse')
  if (!isRequestLike(state.request)) throw hookMisuse('afterResponse')
  return {
    form: 'state',
    request: state.request,
    options: asOptions(state.options),
    response: asResponse(state.response),
  }
}

/**
 * Reads a `beforeError` call: `(error, state)` in ky 1 (only ever an `HTTPError`), `({ error, request,
 * options })` in ky 2 (any error, ours included).
 *
 * @example
 * ```ts
 * const { error, form } = readErrorHook(args)
 * ```
 */
export function readErrorHook(args: readonly unknown[]): ErrorHookArguments {
  const [first] = args
  if (first instanceof Error) return { form: 'positional', error: first }
  const state = asState(first, 'beforeError')
  return {
    form: 'state',
    error: state.error,
    ...(isRequestLike(state.request) ? { request: state.request } : {}),
    ...(isObject(state.options) ? { options: state.options as KyHookOptions } : {}),
  }
}

function asState(value: unknown, hook: string): Record<string, unknown> {
  if (!isObject(value)) throw hookMisuse(hook)
  return value
}

function asOptions(value: unknown): KyHookOptions {
  return isObject(value) ? (value as KyHookOptions) : {}
}

function asResponse(value: unknown): Response {
  const candidate = value as Partial<Response> | null | undefined
  if (typeof candidate?.status !== 'number' || typeof candidate.headers !== 'object')
    throw hookMisuse('afterResponse')
  return candidate as Response
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function hookMisuse(hook: string): TypeError {
  return new TypeError(`zoom-auth: the ${hook} hook must be called by ky (1 or 2)`)
}
