import type { ZoomAuthErrorCode } from '@zoom-auth/core'
import type { ZoomEmulator } from '@zoom-auth/testing'
import { issueToken, tokenBody } from './emulator-helpers.js'

/** Provider options every token-endpoint fault runs with: short, so that faults cost little real time. */
export const FAULT_PROVIDER_OPTIONS = {
  timeoutMs: 200,
  retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 50 },
} as const

/** What the caller must see for a fault. */
export type FaultOutcome =
  | {
      /** The request succeeds; the token endpoint was called this often. */
      recovered: true
      tokenRequests: number
    }
  | {
      recovered: false
      code: ZoomAuthErrorCode
      /** Token-endpoint attempts, as reported on the error and counted by the emulator. */
      attempts: number
      status?: number
      /** Whether the endpoint is healthy afterwards, so that the next request must succeed. */
      nextRequestSucceeds: boolean
    }

/** One way the token endpoint can misbehave, and the documented outcome. */
export interface TokenFaultCase {
  name: string
  /** Queues the fault(s) on the emulator; may fetch a real token to embed in a hand-made body. */
  arrange(emulator: ZoomEmulator): Promise<void> | void
  outcome: FaultOutcome
  /** Overrides the retry limit (hangs cost real time per attempt). */
  retryLimit?: number
  /** Send the token request to a closed port instead of the emulator. */
  refusedConnection?: boolean
}

const RETRIES = FAULT_PROVIDER_OPTIONS.retry.limit
const ALL_ATTEMPTS = RETRIES + 1

/** A 200 whose body is a token the API accepts, with some fields changed. */
function answerWith(overrides: Record<string, unknown>) {
  return async (emulator: ZoomEmulator) => {
    const accessToken = await issueToken(emulator)
    emulator.failNextTokenRequests({ status: 200, body: tokenBody(accessToken, overrides) })
  }
}

/** A 200 whose body is not a valid token, with some fields changed. */
function answerInvalid(overrides: Record<string, unknown>) {
  return (emulator: ZoomEmulator) =>
    emulator.failNextTokenRequests({ status: 200, body: tokenBody('not-a-real-token', overrides) })
}

const invalidResponse: FaultOutcome = {
  recovered: false,
  code: 'invalid_response',
  attempts: 1,
  status: 200,
  nextRequestSucceeds: true,
}

function tomorrowIso(): string {
  const now = new Date()
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1))
    .toISOString()
    .replace('.000Z', 'Z')
}

/**
 * The token-endpoint fault matrix. Transient faults (5xx, 429, resets, hangs) are retried up to
 * `retry.limit` times; permanent ones (`invalid_client`, a 200 that is not a token) are not.
 */
export const TOKEN_FAULT_CASES: readonly TokenFaultCase[] = [
  {
    name: '500 twice, then a token',
    arrange: (emulator) => emulator.failNextTokenRequests({ status: 500 }, 2),
    outcome: { recovered: true, tokenRequests: 3 },
  },
  {
    name: '500 on every attempt',
    arrange: (emulator) => emulator.failNextTokenRequests({ status: 500 }, ALL_ATTEMPTS),
    outcome: {
      recovered: false,
      code: 'server_error',
      attempts: ALL_ATTEMPTS,
      status: 500,
      nextRequestSucceeds: true,
    },
  },
  {
    name: '502 from a proxy (HTML page), then a token',
    arrange: (emulator) => emulator.failNextTokenRequests({ html: true }),
    outcome: { recovered: true, tokenRequests: 2 },
  },
  {
    name: '502 HTML page on every attempt',
    arrange: (emulator) => emulator.failNextTokenRequests({ html: true }, ALL_ATTEMPTS),
    outcome: {
      recovered: false,
      code: 'server_error',
      attempts: ALL_ATTEMPTS,
      status: 502,
      nextRequestSucceeds: true,
    },
  },
  {
    name: '503 once, then a token',
    arrange: (emulator) => emulator.failNextTokenRequests({ status: 503 }),
    outcome: { recovered: true, tokenRequests: 2 },
  },
  {
    name: '503 with an empty body on every attempt',
    arrange: (emulator) => emulator.failNextTokenRequests({ status: 503, body: '' }, ALL_ATTEMPTS),
    outcome: {
      recovered: false,
      code: 'server_error',
      attempts: ALL_ATTEMPTS,
      status: 503,
      nextRequestSucceeds: true,
    },
  },
  {
    name: '429 with Retry-After: 0 (seconds), then a token',
    arrange: (emulator) =>
      emulator.failNextTokenRequests({ status: 429, headers: { 'retry-after': '0' } }),
    outcome: { recovered: true, tokenRequests: 2 },
  },
  {
    name: '429 with Retry-After: 120 (seconds, longer than retry.maxDelayMs)',
    arrange: (emulator) =>
      emulator.failNextTokenRequests({ status: 429, headers: { 'retry-after': '120' } }),
    // Not waited for; later calls fail fast until the 120 s are over.
    outcome: {
      recovered: false,
      code: 'rate_limited',
      attempts: 1,
      status: 429,
      nextRequestSucceeds: false,
    },
  },
  {
    name: '429 with Retry-After as a past ISO date, then a token',
    arrange: (emulator) =>
      emulator.failNextTokenRequests({
        status: 429,
        headers: { 'retry-after': '2020-05-31T00:00:00Z' },
      }),
    outcome: { recovered: true, tokenRequests: 2 },
  },
  {
    name: "429 with Retry-After as tomorrow's ISO date",
    arrange: (emulator) =>
      emulator.failNextTokenRequests({ status: 429, headers: { 'retry-after': tomorrowIso() } }),
    outcome: {
      recovered: false,
      code: 'rate_limited',
      attempts: 1,
      status: 429,
      nextRequestSucceeds: false,
    },
  },
  {
    name: '429 without Retry-After on every attempt',
    arrange: (emulator) => emulator.failNextTokenRequests({ status: 429 }, ALL_ATTEMPTS),
    outcome: {
      recovered: false,
      code: 'rate_limited',
      attempts: ALL_ATTEMPTS,
      status: 429,
      nextRequestSucceeds: true,
    },
  },
  {
    name: 'a hang past timeoutMs, then a token',
    arrange: (emulator) => emulator.failNextTokenRequests({ delayMs: Infinity }),
    retryLimit: 1,
    outcome: { recovered: true, tokenRequests: 2 },
  },
  {
    name: 'a hang past timeoutMs on every attempt',
    arrange: (emulator) => emulator.failNextTokenRequests({ delayMs: Infinity }, 2),
    retryLimit: 1,
    outcome: { recovered: false, code: 'timeout', attempts: 2, nextRequestSucceeds: true },
  },
  {
    name: 'a connection reset, then a token',
    arrange: (emulator) => emulator.failNextTokenRequests({ reset: true }),
    outcome: { recovered: true, tokenRequests: 2 },
  },
  {
    name: 'a connection reset on every attempt',
    arrange: (emulator) => emulator.failNextTokenRequests({ reset: true }, ALL_ATTEMPTS),
    outcome: {
      recovered: false,
      code: 'network_error',
      attempts: ALL_ATTEMPTS,
      nextRequestSucceeds: true,
    },
  },
  {
    name: 'a refused connection (oauthBaseUrl on a closed port)',
    arrange: () => {},
    refusedConnection: true,
    outcome: {
      recovered: false,
      code: 'network_error',
      attempts: ALL_ATTEMPTS,
      nextRequestSucceeds: false,
    },
  },
  {
    name: 'an HTML page with status 200',
    arrange: (emulator) => emulator.failNextTokenRequests({ status: 200, html: true }),
    outcome: invalidResponse,
  },
  {
    name: 'an empty 200 body',
    arrange: (emulator) => emulator.failNextTokenRequests({ status: 200, body: '' }),
    outcome: invalidResponse,
  },
  {
    name: 'a JSON array instead of an object',
    arrange: (emulator) => emulator.failNextTokenRequests({ status: 200, body: '[]' }),
    outcome: invalidResponse,
  },
  {
    name: 'JSON without access_token',
    arrange: answerInvalid({ access_token: undefined }),
    outcome: invalidResponse,
  },
  {
    name: 'JSON without token_type',
    arrange: answerInvalid({ token_type: undefined }),
    outcome: invalidResponse,
  },
  {
    name: 'JSON without expires_in',
    arrange: answerInvalid({ expires_in: undefined }),
    outcome: invalidResponse,
  },
  {
    name: 'JSON without scope (optional)',
    arrange: answerWith({ scope: undefined }),
    outcome: { recovered: true, tokenRequests: 1 },
  },
  {
    name: 'JSON without api_url (optional)',
    arrange: answerWith({ api_url: undefined }),
    outcome: { recovered: true, tokenRequests: 1 },
  },
  {
    name: 'expires_in as a numeric string ("3600")',
    arrange: answerWith({ expires_in: '3600' }),
    outcome: { recovered: true, tokenRequests: 1 },
  },
  {
    name: 'expires_in as a non-numeric string',
    arrange: answerInvalid({ expires_in: 'an hour' }),
    outcome: invalidResponse,
  },
  {
    name: 'expires_in zero',
    arrange: answerInvalid({ expires_in: 0 }),
    outcome: invalidResponse,
  },
  {
    name: 'expires_in negative',
    arrange: answerInvalid({ expires_in: -3600 }),
    outcome: invalidResponse,
  },
  {
    name: 'expires_in huge (1e15 s)',
    arrange: answerWith({ expires_in: 1e15 }),
    outcome: { recovered: true, tokenRequests: 1 },
  },
  {
    name: 'token_type "Bearer" (other case)',
    arrange: answerWith({ token_type: 'Bearer' }),
    outcome: { recovered: true, tokenRequests: 1 },
  },
  {
    name: 'an unknown token_type ("mac")',
    arrange: answerInvalid({ token_type: 'mac' }),
    outcome: invalidResponse,
  },
  {
    name: '400 invalid_client',
    arrange: (emulator) =>
      emulator.failNextTokenRequests({
        status: 400,
        body: { reason: 'Invalid client_id or client_secret', error: 'invalid_client' },
      }),
    // Permanent: not retried, and later calls fail fast for failureCooldownMs.
    outcome: {
      recovered: false,
      code: 'invalid_client',
      attempts: 1,
      status: 400,
      nextRequestSucceeds: false,
    },
  },
]
