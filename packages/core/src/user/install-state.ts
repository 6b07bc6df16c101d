import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'
import { installError } from './install-error.js'

const VERSION = 1
const IV_BYTES = 12
const TAG_BYTES = 16
const VERIFIER_BYTES = 32
const BINDING_BYTES = 32
const HAS_BINDING = 1
/** flags, expiresAt (uint64), verifier, and the binding's hash when there is one. */
const PLAIN_BYTES = 1 + 8 + VERIFIER_BYTES
const SEALED_BYTES = 1 + IV_BYTES + PLAIN_BYTES + TAG_BYTES
const MAX_STATE_CHARS = 512

/** What the callback needs back from the authorize step, sealed into `state`. */
export interface InstallStateContents {
  /** The PKCE `code_verifier` (base64url of 32 random bytes). */
  verifier: string
  /** When the state stops being accepted, in epoch ms. */
  expiresAt: number
  /** What the app bound the install to (a session id); only its hash is sealed. */
  binding?: string | undefined
}

/** Seals and opens install states with one key. */
export interface InstallStateSealer {
  /** The sealed state: base64url, opaque, about 140 characters. */
  seal(contents: InstallStateContents): string
  /**
   * The verifier of a state this sealer made, for this binding, before its expiry; otherwise a
   * ZoomAuthError `invalid_request` with `error` `invalid_state` or `state_expired`.
   */
  open(state: string, binding: string | undefined, now: number): string
}

/**
 * The install state of a fleet with no shared storage: the PKCE verifier, an expiry and the
 * binding's hash, encrypted and authenticated with AES-256-GCM under a key derived (HKDF-SHA256)
 * from `stateSecret`. Whoever sees the authorize URL learns nothing from it and can't forge or alter
 * one; any process holding the same secret opens it. The app's client id and redirect URI are
 * authenticated with it, so a state of another app sharing the secret does not open.
 *
 * @example
 * ```ts
 * const sealer = installStateSealer(secret, { clientId, redirectUri })
 * const state = sealer.seal({ verifier, expiresAt: Date.now() + 600_000, binding: sessionId })
 * const sameVerifier = sealer.open(state, sessionId, Date.now())
 * ```
 */
export function installStateSealer(
  secret: Uint8Array,
  app: { clientId: string; redirectUri: string },
): InstallStateSealer {
  const key = Buffer.from(hkdfSync('sha256', secret, 'zoom-auth', 'install state v1', 32))
  const aad = Buffer.from(
    `zoom-auth install state v${VERSION}\0${app.clientId}\0${app.redirectUri}`,
  )

  return {
    seal({ verifier, expiresAt, binding }) {
      const plain = Buffer.alloc(PLAIN_BYTES + (binding === undefined ? 0 : BINDING_BYTES))
      plain[0] = binding === undefined ? 0 : HAS_BINDING
      plain.writeBigUInt64BE(BigInt(Math.ceil(expiresAt)), 1)
      Buffer.from(verifier, 'base64url').copy(plain, 9)
      if (binding !== undefined) bindingHash(binding).copy(plain, PLAIN_BYTES)
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad)
      const sealed = Buffer.concat([cipher.update(plain), cipher.final()])
      return Buffer.concat([Buffer.of(VERSION), iv, sealed, cipher.getAuthTag()]).toString(
        'base64url',
      )
    },

    open(state, binding, now) {
      const plain = decrypt(state)
      if (plain === undefined) {
        throw installError(
          'invalid_state',
          'the state is not one this app made (altered, or sealed with another stateSecret)',
        )
      }
      const bound = (plain[0]! & HAS_BINDING) !== 0
      if (bound !== (binding !== undefined)) {
        throw installError(
          'invalid_state',
          bound
            ? 'the state was bound to a session, and the callback names none'
            : 'the state was bound to no session, and the callback names one',
        )
      }
      if (bound && !timingSafeEqual(plain.subarray(PLAIN_BYTES), bindingHash(binding!))) {
        throw installError('invalid_state', 'the state was made for another session (binding)')
      }
      if (Number(plain.readBigUInt64BE(1)) <= now) {
        throw installError('state_expired', 'the state has expired: start the install again')
      }
      return plain.subarray(9, PLAIN_BYTES).toString('base64url')
    },
  }

  function decrypt(state: string): Buffer | undefined {
    if (state.length > MAX_STATE_CHARS || !/^[\w-]+$/.test(state)) return undefined
    const bytes = Buffer.from(state, 'base64url')
    const unbound = bytes.length === SEALED_BYTES
    if ((!unbound && bytes.length !== SEALED_BYTES + BINDING_BYTES) || bytes[0] !== VERSION)
      return undefined
    const iv = bytes.subarray(1, 1 + IV_BYTES)
    const tag = bytes.subarray(bytes.length - TAG_BYTES)
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
      decipher.setAAD(aad).setAuthTag(tag)
      return Buffer.concat([
        decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ])
    } catch {
      return undefined
    }
  }
}

/** The binding is sealed as a hash: the state need not carry the app's session id itself. */
function bindingHash(binding: string): Buffer {
  return createHash('sha256').update(`zoom-auth install binding\0${binding}`).digest()
}

/**
 * A PKCE pair (RFC 7636, S256): a verifier of 32 random bytes in base64url, and its challenge.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 * @example
 * ```ts
 * const { verifier, challenge } = pkcePair()
 * ```
 */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(VERIFIER_BYTES).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}
