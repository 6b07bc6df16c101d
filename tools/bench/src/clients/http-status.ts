import { isAxiosError } from 'axios'
import { HTTPError as GotHTTPError } from 'got'
import { HTTPError as KyHTTPError } from 'ky'

/**
 * The status of a response that a client reported as an error (axios' `validateStatus`, ky's and
 * got's `throwHttpErrors` stay at their defaults). Rethrows errors that carry no response.
 */
export function statusOfHttpError(error: unknown): number {
  if (isAxiosError(error) && error.response !== undefined) return error.response.status
  if (error instanceof KyHTTPError) return error.response.status
  if (error instanceof GotHTTPError) return error.response.statusCode
  throw error
}
