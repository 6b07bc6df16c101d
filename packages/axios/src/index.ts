export { zoomAuth } from './zoom-auth.js'
export { attachZoomAuth } from './attach-zoom-auth.js'
export type { DetachZoomAuth, ZoomAuthInterceptor, ZoomRequestConfig } from './types.js'

// What an app uses from core (its root entry; adapter plumbing lives in @zoom-auth/core/adapter),
// so users of this adapter install one package.
export * from '@zoom-auth/core'
