/**
 * `@zoom-auth/core/adapter`: the pieces for writing an adapter (or a store) on top of core. Apps never
 * need them; they import from `@zoom-auth/core` or an adapter package.
 *
 * @packageDocumentation
 */
