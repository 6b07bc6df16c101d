import {
  CONTRACT_BODY_KINDS,
  type ContractBodyKind,
  type ReplayDeclaration,
  type ReplayDeclarations,
} from './adapter-driver.js'
import { invalidContractArgument } from '../token-store-contract/contract-arguments.js'

/**
 * Every body kind replayed byte for byte: the target for every client (core's body-replay contract).
 *
 * @example
 * ```ts
 * const replays = { ...ALL_IDENTICAL, 'form-data': { outcome: 'same-parts', reason: '…' } }
 * ```
 */
export const ALL_IDENTICAL: ReplayDeclarations = Object.fromEntries(
  CONTRACT_BODY_KINDS.map((kind) => [kind, 'identical']),
) as Record<ContractBodyKind, ReplayDeclaration>

/**
 * What a spec-compliant `FormData` does on a replay in every client: encoded again from the kept
 * `FormData`, so the multipart boundary (and the Content-Type naming it) is new.
 *
 * @example
 * ```ts
 * const replays = { ...ALL_IDENTICAL, 'form-data': FORM_DATA_SAME_PARTS }
 * ```
 */
export const FORM_DATA_SAME_PARTS: ReplayDeclaration = {
  outcome: 'same-parts',
  reason: 'a FormData is encoded again for the replay: a new multipart boundary, same parts',
}

/**
 * A driver's declaration: its defaults with the caller's overrides, each cell checked.
 *
 * @throws TypeError (code `ERR_INVALID_ARG_VALUE`) for an unknown kind, or a cell that is neither
 *   `'identical'` nor an outcome with a non-empty reason.
 * @example
 * ```ts
 * const replays = declareReplays(GOT_REPLAYS, parts.replays)
 * ```
 */
export function declareReplays(
  defaults: ReplayDeclarations,
  overrides: Partial<ReplayDeclarations> | undefined,
): ReplayDeclarations {
  if (overrides === undefined) return defaults
  if (typeof overrides !== 'object' || overrides === null)
    throw invalidContractArgument('ERR_INVALID_ARG_TYPE', '"replays" must be an object')
  for (const [kind, cell] of Object.entries(overrides)) {
    if (!(CONTRACT_BODY_KINDS as readonly string[]).includes(kind))
      throw invalidContractArgument(
        'ERR_INVALID_ARG_VALUE',
        `"replays" names an unknown body kind "${kind}"`,
      )
    if (!isReplayDeclaration(cell))
      throw invalidContractArgument(
        'ERR_INVALID_ARG_VALUE',
        `"replays['${kind}']" must be 'identical' or { outcome: 'same-parts' | 'not-replayed' | ` +
          `'unsupported', reason: '<why, in one line>' }`,
      )
  }
  return Object.freeze({ ...defaults, ...overrides })
}

/**
 * Throws the TypeError of a missing client part (`axios`, `zoomAuth`…) at construction.
 *
 * @example
 * ```ts
 * requirePart(parts.zoomAuth, 'zoomAuth', 'function')
 * ```
 */
export function requirePart(value: unknown, name: string, kind: 'function' | 'object'): void {
  const isKind =
    kind === 'function'
      ? typeof value === 'function'
      : typeof value === 'function' || (typeof value === 'object' && value !== null)
  if (!isKind)
    throw invalidContractArgument(
      'ERR_INVALID_ARG_TYPE',
      `"${name}" must be ${kind === 'function' ? 'a function' : 'the client module'}`,
    )
}

/**
 * Checks a driver factory's parts at construction, in this order: an object; for a client module
 * (`['axios', 'create']`), the module and that method; `zoomAuth`, a function.
 *
 * @throws TypeError (code `ERR_INVALID_ARG_TYPE`) naming the first part missing.
 * @example
 * ```ts
 * requireDriverParts(parts, 'gotDriver', ['got', 'extend'])
 * ```
 */
export function requireDriverParts(
  parts: unknown,
  factory: string,
  client?: readonly [module: string, method: string],
): void {
  requireParts(parts, factory)
  const given = parts as Record<string, unknown>
  if (client !== undefined) {
    const [name, method] = client
    requirePart(given[name], name, 'object')
    requirePart((given[name] as Record<string, unknown>)[method], `${name}.${method}`, 'function')
  }
  requirePart(given.zoomAuth, 'zoomAuth', 'function')
}

/**
 * Checks that the first argument of a driver factory is an object.
 *
 * @example
 * ```ts
 * requireParts(parts, 'axiosDriver')
 * ```
 */
export function requireParts(parts: unknown, factory: string): void {
  if (typeof parts !== 'object' || parts === null)
    throw invalidContractArgument(
      'ERR_INVALID_ARG_TYPE',
      `${factory}() takes the client's parts, e.g. ${factory}({ … , zoomAuth })`,
    )
}

/**
 * True for `'identical'` or an outcome with a non-empty one-line reason.
 *
 * @example
 * ```ts
 * isReplayDeclaration({ outcome: 'not-replayed', reason: 'sent once' }) // true
 * ```
 */
export function isReplayDeclaration(cell: unknown): cell is ReplayDeclaration {
  if (cell === 'identical') return true
  if (typeof cell !== 'object' || cell === null) return false
  const { outcome, reason } = cell as { outcome?: unknown; reason?: unknown }
  return (
    (outcome === 'same-parts' || outcome === 'not-replayed' || outcome === 'unsupported') &&
    typeof reason === 'string' &&
    reason.trim() !== ''
  )
}
