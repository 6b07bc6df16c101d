// Replaced by the build (tsup `define`) with package.json's version; tests run the sources.
declare const __PACKAGE_VERSION__: string | undefined

/** The instrumentation scope of every span and metric. */
export const PACKAGE_NAME = '@zoom-auth/opentelemetry'

/** This package's version, the instrumentation scope's version. */
export const PACKAGE_VERSION: string =
  typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-source'
