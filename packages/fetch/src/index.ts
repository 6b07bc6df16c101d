export { zoomAuth } from './zoom-auth.js'
export type { FetchLike, ZoomFetch, ZoomFetchOptions } from './types.js'

// Everything core exports, so users of this adapter install one package.
export * from '@zoom-auth/core'
