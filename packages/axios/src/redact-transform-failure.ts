import type { AxiosResponseTransformer, InternalAxiosRequestConfig } from 'axios'
import { redactFailure } from './redact-axios-error.js'

/** The caller's own transforms, kept on our wrapper so that a resent config is not wrapped twice. */
const TRANSFORMS = Symbol('zoom-auth.axios.transformResponse')

type Guarded = AxiosResponseTransformer & { [TRANSFORMS]?: AxiosResponseTransformer[] }

/**
 * axios runs `transformResponse` after the adapter returned, and a failure there (a 2xx body that
 * fails strict JSON parsing gives `ERR_BAD_RESPONSE`) is an `AxiosError` holding this config, which
 * the adapter never sees. This runs the same transforms, in order, and redacts such an error before
 * it leaves.
 *
 * @example
 * ```ts
 * redactTransformFailures(config) // before the send that carries the token
 * ```
 */
export function redactTransformFailures(config: InternalAxiosRequestConfig): void {
  const configured = config.transformResponse as Guarded | Guarded[] | undefined | null
  if (configured === undefined || configured === null) return
  const transforms = Array.isArray(configured)
    ? configured
    : (configured[TRANSFORMS] ?? [configured])
  const guarded: Guarded = function (this: InternalAxiosRequestConfig, data, headers, status) {
    try {
      let transformed: unknown = data
      for (const transform of transforms)
        transformed = transform.call(this, transformed, headers, status)
      return transformed
    } catch (error) {
      redactFailure(config, error)
      throw error
    }
  }
  guarded[TRANSFORMS] = transforms
  config.transformResponse = guarded
}
