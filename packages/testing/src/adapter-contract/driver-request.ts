import type { DriverBody, DriverRequest } from './adapter-driver.js'

/**
 * The options most clients take for one {@link DriverRequest}: the method (default `GET`), the body
 * in the options `bodyOptions` puts it in (as that client's users send that kind), the headers and
 * the signal when given.
 *
 * @example
 * ```ts
 * await instance(request.url, requestOptions(request, (body) => ({ json: body.value })))
 * ```
 */
export function requestOptions(
  request: DriverRequest,
  bodyOptions: (body: DriverBody) => Record<string, unknown>,
): Record<string, unknown> {
  return {
    method: request.method ?? 'GET',
    ...(request.body !== undefined && bodyOptions(request.body)),
    ...(request.headers && { headers: request.headers }),
    ...(request.signal && { signal: request.signal }),
  }
}
