export { zoomAuth } from './zoom-auth.js'
export type { KyFetch, ZoomKyExtension, ZoomKyOptions, ZoomRequestOptions } from './types.js'

// What an app uses from core (its root entry; adapter plumbing lives in @zoom-auth/core/adapter),
// so users of this adapter install one package.
export * from '@zoom-auth/core'
