import type { ZoomEmulatorUser } from './types.js'

/**
 * A {@link ZoomEmulatorUser} with its defaults applied.
 *
 * @example
 * ```ts
 * const user: EmulatedUser = { id: 'alice', accountId: 'emulator-account', email: 'alice@example.com' }
 * ```
 */
export interface EmulatedUser {
  readonly id: string
  readonly accountId: string
  readonly email: string
}

/**
 * The user the emulator starts with when given none; `/v2/users/me` answered as this user before
 * user-level OAuth existed, so a Server-to-Server token still gets the same answer.
 *
 * @example
 * ```ts
 * DEFAULT_USER_ID // 'emulator-user'
 * ```
 */
export const DEFAULT_USER_ID = 'emulator-user'

/**
 * `email` of the default user.
 *
 * @example
 * ```ts
 * DEFAULT_USER_EMAIL // 'emulated.user@example.com'
 * ```
 */
export const DEFAULT_USER_EMAIL = 'emulated.user@example.com'

/**
 * Checks one user and applies its defaults; `TypeError` on a caller mistake.
 *
 * @example
 * ```ts
 * checkUser({ id: 'alice' }, 'emulator-account').email // 'alice@example.com'
 * ```
 */
export function checkUser(user: ZoomEmulatorUser, defaultAccountId: string): EmulatedUser {
  if (typeof user !== 'object' || user === null) {
    throw new TypeError('a user must be an object, e.g. { id: "alice" }')
  }
  const { id, accountId, email } = user
  if (typeof id !== 'string' || id === '') {
    throw new TypeError('a user\'s "id" must be a non-empty string')
  }
  if (accountId !== undefined && (typeof accountId !== 'string' || accountId === '')) {
    throw new TypeError(`"accountId" of user "${id}" must be a non-empty string`)
  }
  if (email !== undefined && (typeof email !== 'string' || email === '')) {
    throw new TypeError(`"email" of user "${id}" must be a non-empty string`)
  }
  return {
    id,
    accountId: accountId ?? defaultAccountId,
    email: email ?? (id === DEFAULT_USER_ID ? DEFAULT_USER_EMAIL : `${id}@example.com`),
  }
}

/**
 * The emulator's users by id, in the order they were added: lookups and the first user in O(1),
 * so ten thousand users cost nothing per request.
 *
 * @example
 * ```ts
 * const users = new UserDirectory('emulator-account')
 * users.add({ id: 'alice' })
 * users.get('alice')?.email // 'alice@example.com'
 * users.first()?.id // 'alice'
 * ```
 */
export class UserDirectory {
  readonly #users = new Map<string, EmulatedUser>()
  readonly #defaultAccountId: string

  constructor(defaultAccountId: string) {
    this.#defaultAccountId = defaultAccountId
  }

  /** Adds `user`; `TypeError` if it is malformed or its id is taken. */
  add(user: ZoomEmulatorUser): EmulatedUser {
    const checked = checkUser(user, this.#defaultAccountId)
    if (this.#users.has(checked.id)) {
      throw new TypeError(`a user with id "${checked.id}" already exists`)
    }
    this.#users.set(checked.id, checked)
    return checked
  }

  /** Removes the user; `TypeError` if there is none by that id. */
  remove(userId: string): void {
    this.require(userId)
    this.#users.delete(userId)
  }

  /** The user by that id, if any. */
  get(userId: string): EmulatedUser | undefined {
    return this.#users.get(userId)
  }

  /** The user by that id; `TypeError` if there is none. */
  require(userId: string): EmulatedUser {
    const user = typeof userId === 'string' ? this.#users.get(userId) : undefined
    if (user === undefined) throw new TypeError(`no user with id "${String(userId)}"`)
    return user
  }

  /** The earliest user still present: the one who approves by default. */
  first(): EmulatedUser | undefined {
    return this.#users.values().next().value
  }
}
