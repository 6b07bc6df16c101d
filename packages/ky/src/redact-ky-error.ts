import { redactAuthorization } from '@zoom-auth/core'
import { isRequestLike, type ErrorHookArguments } from './hook-arguments.js'

interface ErrorWithRequest {
  request?: unknown
  options?: { headers?: unknown }
}

/**
 * Takes the `Authorization` value out of an error before ky throws it: `error.request`,
 * `error.options.headers`, and in ky 2 the request ky's hook state points at.
 *
 * ky 2 calls `beforeError` once, for the error that leaves the call, so the request is redacted in
 * place. ky 1 calls it for every `HTTPError`, before deciding whether to retry, and `error.request`
 * is then the request a retry would send: the error gets a redacted clone instead, and ky's request
 * keeps its header. `options.headers` is safe to redact in place in both (ky sends the request's own
 * headers, never these again).
 *
 * @example
 * ```ts
 * hooks: { beforeError: [(...args) => redactKyError(readErrorHook(args))] }
 * ```
 */
export function redactKyError({ form, error, request, options }: ErrorHookArguments): void {
  if (typeof error !== 'object' || error === null) return
  const carrier = error as ErrorWithRequest
  if (isRequestLike(carrier.request)) {
    if (form === 'state' || carrier.request.bodyUsed) redactAuthorization(carrier.request.headers)
    else if (carrier.request.headers.has('authorization')) {
      const copy = carrier.request.clone()
      redactAuthorization(copy.headers)
      carrier.request = copy
    }
  }
  if (typeof carrier.options === 'object' && carrier.options !== null)
    redactAuthorization(carrier.options.headers)
  if (request !== undefined) redactAuthorization(request.headers)
  redactAuthorization(options?.headers)
}
