import type { ExtendOptions } from 'got'

/**
 * What {@link zoomAuth} returns: got `ExtendOptions` holding only a handler and hooks. Typed this
 * narrowly on purpose: got 16 derives an instance's response types from what `extend` was given, and
 * the full `ExtendOptions` type (where `responseType` might be `'json'`) would turn every response
 * body of the instance into `unknown`.
 *
 * @example
 * ```ts
 * import got from 'got'
 * const auth: ZoomAuthExtendOptions = zoomAuth(provider)
 * const api = got.extend({ prefixUrl: 'https://api.zoom.us/v2/' }, auth)
 * ```
 */
export type ZoomAuthExtendOptions = Required<Pick<ExtendOptions, 'handlers' | 'hooks'>>
