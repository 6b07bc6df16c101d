import type { ContractTestApi } from '../token-store-contract/contract-test-api.js'
import {
  CONTRACT_BODY_KINDS,
  type ContractBodyKind,
  type DriverOutcome,
  type ReplayDeclaration,
} from './adapter-driver.js'
import { adapterSpec, replayEvents, type AdapterSpecContext } from './adapter-spec-context.js'
import {
  base64,
  bodySample,
  FORM_DATA_PARTS,
  multipartParts,
  type BodySample,
} from './body-samples.js'
import type { RecordedRequest } from './recording-origin.js'

/** The stream length (bytes) and replay limit of the spec that streams past the limit. */
const LONG_STREAM = { bytes: 4 * 1024, maxReplayBodyBytes: 1024 }

/**
 * Registers one spec per body kind, checking the driver's declaration for it: after a 401 the
 * server gets the first send's body again byte for byte (`identical`), encoded again under a new
 * boundary (`same-parts`), or not at all with the 401 handed to the caller and the token retired
 * (`not-replayed`); or the client refuses the body before sending (`unsupported`). A replayed first
 * send carries the sample's Content-Type, and every send a Content-Length (when sent) that is its
 * body's. Streams replayed byte for byte are also sent longer than `maxReplayBodyBytes`: then not
 * replayed.
 *
 * @example
 * ```ts
 * test.describe('the replay of each body kind', () => describeBodyReplaySpecs(test, context))
 * ```
 */
export function describeBodyReplaySpecs(test: ContractTestApi, context: AdapterSpecContext): void {
  const { expect } = test
  const spec = adapterSpec(test)

  /** Sends `sample` to the recording origin, whose first answer is a 401. */
  async function sendAfter401(
    sample: BodySample,
    maxReplayBodyBytes?: number,
  ): Promise<DriverOutcome> {
    const { origin } = context
    origin.answerNext(401)
    const send = context.send({
      hosts: [origin.host],
      ...(maxReplayBodyBytes !== undefined && { maxReplayBodyBytes }),
    })
    return send({
      url: `${origin.url}/v2/upload`,
      method: 'POST',
      body: sample.body,
      headers: sample.headers,
    })
  }

  /**
   * The first send and the replay, each with a token, the replay's new; the first under the
   * sample's Content-Type, and each with a Content-Length (when sent) that is its body's.
   */
  function firstAndReplay(
    outcome: DriverOutcome,
    sample: BodySample,
  ): [RecordedRequest, RecordedRequest] {
    expect(outcome).toMatchObject({ ok: true, status: 200 })
    const { requests } = context.origin
    expect(requests.map((request) => [request.method, request.status])).toEqual([
      ['POST', 401],
      ['POST', 200],
    ])
    const [first, replay] = requests as [RecordedRequest, RecordedRequest]
    expect(first.token).toBeDefined()
    expect(replay.token).toBeDefined()
    expect(replay.token).not.toBe(first.token)
    expect(replayEvents(context)).toHaveLength(1)
    expectMatch(contentType(first), sample.contentType)
    for (const request of requests) expectLengthToMatch(request)
    return [first, replay]
  }

  /** `value` is `pattern`, or matches it. */
  function expectMatch(value: string, pattern: string | RegExp): void {
    if (typeof pattern === 'string') expect(value).toBe(pattern)
    else expect(pattern.test(value) ? pattern : value).toBe(pattern)
  }

  /** A Content-Length, when sent, is the length of the body that came (a stream may go chunked). */
  function expectLengthToMatch(request: RecordedRequest): void {
    const length = request.headers['content-length']
    if (length !== undefined) expect(Number(length)).toBe(request.body.byteLength)
    else expect(request.headers['transfer-encoding']).toBe('chunked')
  }

  /** One send answered 401, handed to the caller; its token retired, its body intact. */
  function expectNotReplayed(outcome: DriverOutcome, sample: BodySample): void {
    expect(outcome).toMatchObject({ ok: true, status: 401 })
    const { requests } = context.origin
    expect(requests).toHaveLength(1)
    const [first] = requests as [RecordedRequest]
    expect(first.token).toBeDefined()
    if (sample.bytes !== undefined) expect(base64(first.body)).toBe(base64(sample.bytes))
    // The 401 proved the token bad: the next call must not meet it again.
    expect(context.provider.peek()?.accessToken).not.toBe(first.token)
    expect(replayEvents(context)).toHaveLength(0)
  }

  const checks: Record<ReplayOutcome, (kind: ContractBodyKind) => Promise<void>> = {
    async identical(kind) {
      const sample = bodySample(kind)
      const [first, replay] = firstAndReplay(await sendAfter401(sample), sample)
      if (sample.bytes !== undefined) expect(base64(first.body)).toBe(base64(sample.bytes))
      else expect(await multipartParts(first.body, contentType(first))).toEqual(FORM_DATA_PARTS)
      expect({ contentType: contentType(replay), body: base64(replay.body) }).toEqual({
        contentType: contentType(first),
        body: base64(first.body),
      })
    },
    async 'same-parts'(kind) {
      const sample = bodySample(kind)
      const [first, replay] = firstAndReplay(await sendAfter401(sample), sample)
      const parts = await multipartParts(first.body, contentType(first))
      if (kind === 'form-data') expect(parts).toEqual(FORM_DATA_PARTS)
      // Each body parsed with its own Content-Type: a new boundary must come with a header to match.
      expect(await multipartParts(replay.body, contentType(replay))).toEqual(parts)
      // Encoded again by the same encoder: a new boundary, and otherwise the very same bytes.
      const [firstBoundary, replayBoundary] = [boundaryOf(first), boundaryOf(replay)]
      expect(replayBoundary).not.toBe(firstBoundary)
      expect(latin1(replay.body).replaceAll(replayBoundary, firstBoundary)).toBe(latin1(first.body))
    },
    async 'not-replayed'(kind) {
      const sample = bodySample(kind)
      expectNotReplayed(await sendAfter401(sample), sample)
    },
    async unsupported(kind) {
      const outcome = await sendAfter401(bodySample(kind))
      expect(outcome.ok).toBe(false)
      expect(context.origin.requests).toHaveLength(0)
    },
  }

  for (const kind of CONTRACT_BODY_KINDS) {
    const declared = context.driver.replays[kind]
    const outcome = outcomeOf(declared)
    spec(`${kind}: ${title(declared)}`, () => checks[outcome](kind))
    if (outcome === 'identical' && (kind === 'web-stream' || kind === 'node-stream')) {
      spec(
        `${kind} longer than maxReplayBodyBytes: the 401 goes to the caller, the token retired`,
        async () => {
          const sample = bodySample(kind, LONG_STREAM.bytes)
          expectNotReplayed(await sendAfter401(sample, LONG_STREAM.maxReplayBodyBytes), sample)
        },
      )
    }
  }
}

type ReplayOutcome = 'identical' | Exclude<ReplayDeclaration, 'identical'>['outcome']

function outcomeOf(declared: ReplayDeclaration): ReplayOutcome {
  return declared === 'identical' ? 'identical' : declared.outcome
}

function title(declared: ReplayDeclaration): string {
  if (declared === 'identical') return "the replay carries the first send's bytes, byte for byte"
  switch (declared.outcome) {
    case 'same-parts':
      return `the replay carries the same parts (${declared.reason})`
    case 'not-replayed':
      return `not replayed (${declared.reason}): the 401 goes to the caller, the token retired`
    case 'unsupported':
      return `refused by the client before anything is sent (${declared.reason})`
  }
}

function contentType(request: RecordedRequest): string {
  return String(request.headers['content-type'] ?? '')
}

/** The boundary a multipart request's Content-Type names ('' for none). */
function boundaryOf(request: RecordedRequest): string {
  return /^multipart\/form-data; ?boundary=(.+)$/.exec(contentType(request))?.[1] ?? ''
}

/** Bytes as one char per byte, so a boundary can be found and swapped in any body. */
function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}
