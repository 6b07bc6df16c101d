/**
 * `@zoom-auth/core/adapter`: the pieces for writing an adapter (or a store) on top of core. Apps never
 * need them; they import from `@zoom-auth/core` or an adapter package.
 *
 * @packageDocumentation
 */

// Argument checks: TypeErrors with Node's code, the same messages and limits as core's own options.
export {
  ERR_INVALID_ARG_TYPE,
  ERR_INVALID_ARG_VALUE,
  MAX_TIMER_MS,
  assertBoolean,
  assertFunction,
  assertOptionalFunction,
  assertOptionsObject,
  durationMs,
  invalidArgType,
  invalidArgValue,
} from './assert.js'
export type { InvalidArgumentCode } from './assert.js'
