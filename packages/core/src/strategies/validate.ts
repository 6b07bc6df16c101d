// The checks live in ../assert.ts; this re-export stays only until request-policy.ts imports
// isLoopbackHostname from there.
export { isLoopbackHostname, requireSecureUrl, requireString } from '../assert.js'
