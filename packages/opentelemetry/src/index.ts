/**
 * `@zoom-auth/opentelemetry`: OpenTelemetry spans and metrics for zoom-auth, from the
 * `node:diagnostics_channel` tracing channels of `@zoom-auth/core`.
 *
 * @packageDocumentation
 */
export { ZoomAuthInstrumentation } from './zoom-auth-instrumentation.js'
export type { ZoomAuthInstrumentationConfig } from './zoom-auth-instrumentation.js'
