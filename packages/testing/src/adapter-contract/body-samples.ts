import { Readable } from 'node:stream'
import type { ContractBodyKind, DriverBody } from './adapter-driver.js'

/**
 * A body of one kind, built afresh for each request, and what the server must receive for it.
 *
 * @example
 * ```ts
 * const sample = bodySample('node-stream')
 * await send({ url, method: 'POST', body: sample.body, headers: sample.headers })
 * ```
 */
export interface BodySample {
  readonly body: DriverBody
  /** The Content-Type a user sets for this kind (none where the client derives its own). */
  readonly headers: Record<string, string>
  /** Every byte the first send must carry; `undefined` for multipart (the client picks a boundary). */
  readonly bytes: Uint8Array | undefined
  /**
   * The Content-Type the first send must carry: the one given, else the one every client derives
   * from the body (its charset as the client words it).
   */
  readonly contentType: string | RegExp
}

/** Bytes that are not UTF-8 (every value 0-255), so no text decoding anywhere can pass them intact. */
function binary(length: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length }, (_, index) => (index * 7 + 3) % 256)
}

const JSON_VALUE = {
  topic: 'Zoë’s weekly sync 😀',
  duration: 30,
  settings: { host_video: true, alternative_hosts: ['a@example.com'] },
}
const TEXT = 'agenda: Zoë ☕ – 10:00\nnotes: 1 < 2 & "quoted"'
const OCTET_STREAM = 'application/octet-stream'
const encoder = new TextEncoder()

/**
 * A body of `kind`. Streams are `streamBytes` long (default 3 KiB, in 1 KiB chunks), so a spec can
 * make one longer than `maxReplayBodyBytes`.
 *
 * @example
 * ```ts
 * bodySample('web-stream', 4096).bytes?.byteLength // 4096
 * ```
 */
export function bodySample(kind: ContractBodyKind, streamBytes = 3 * 1024): BodySample {
  switch (kind) {
    case 'json':
      return {
        body: { kind, value: JSON_VALUE },
        headers: {},
        bytes: encoder.encode(JSON.stringify(JSON_VALUE)),
        contentType: 'application/json',
      }
    case 'string':
      return given({ kind, value: TEXT }, 'text/plain; charset=utf-8', encoder.encode(TEXT))
    case 'url-search-params': {
      const value = new URLSearchParams({ topic: 'Zoë & co', duration: '30', note: 'a+b=c d' })
      return {
        body: { kind, value },
        headers: {},
        bytes: encoder.encode(value.toString()),
        contentType: /^application\/x-www-form-urlencoded(;charset=utf-8)?$/i,
      }
    }
    case 'bytes': {
      // A Buffer from Node's pool: a view at an offset into a larger ArrayBuffer.
      const value = Buffer.from(binary(700))
      return given({ kind, value }, OCTET_STREAM, new Uint8Array(value))
    }
    case 'blob': {
      const bytes = binary(900)
      // No header: the Blob's own type is the Content-Type.
      return {
        body: { kind, value: new Blob([bytes], { type: OCTET_STREAM }) },
        headers: {},
        bytes,
        contentType: OCTET_STREAM,
      }
    }
    case 'form-data':
      return {
        body: { kind, value: formData() },
        headers: {},
        bytes: undefined,
        contentType: /^multipart\/form-data; ?boundary=./,
      }
    case 'web-stream': {
      const bytes = binary(streamBytes)
      return given({ kind, value: webStream(bytes) }, OCTET_STREAM, bytes)
    }
    case 'node-stream': {
      const bytes = binary(streamBytes)
      const value = Readable.from(chunks(bytes), { objectMode: false })
      return given({ kind, value }, OCTET_STREAM, bytes)
    }
  }
}

/**
 * The parts of {@link bodySample}'s FormData, as {@link multipartParts} reads them back.
 *
 * @example
 * ```ts
 * expect(await multipartParts(first.body, contentType)).toEqual(FORM_DATA_PARTS)
 * ```
 */
export const FORM_DATA_PARTS = [
  { name: 'topic', value: 'Zoë’s recording' },
  {
    name: 'files',
    filename: 'recording.bin',
    type: 'application/octet-stream',
    base64: base64(binary(1500)),
  },
  {
    name: 'files',
    filename: 'notes.txt',
    type: 'text/plain',
    base64: base64(encoder.encode(TEXT)),
  },
]

function formData(): FormData {
  const form = new FormData()
  form.append('topic', 'Zoë’s recording')
  form.append(
    'files',
    new File([binary(1500)], 'recording.bin', { type: 'application/octet-stream' }),
  )
  form.append('files', new File([TEXT], 'notes.txt', { type: 'text/plain' }))
  return form
}

/**
 * The parts of a multipart body as its Content-Type's boundary splits them: names, values, and for
 * files the filename, type and base64 of the bytes. Parsed by the platform's own `Response`.
 *
 * @example
 * ```ts
 * await multipartParts(request.body, String(request.headers['content-type']))
 * ```
 */
export async function multipartParts(
  body: Uint8Array<ArrayBuffer>,
  contentType: string,
): Promise<unknown[]> {
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData()
  const parts: unknown[] = []
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') parts.push({ name, value })
    else {
      const bytes = new Uint8Array(await value.arrayBuffer())
      parts.push({ name, filename: value.name, type: value.type, base64: base64(bytes) })
    }
  }
  return parts
}

/**
 * Bytes as base64: a byte-for-byte comparison whose failure prints readably.
 *
 * @example
 * ```ts
 * expect(base64(replay.body)).toBe(base64(first.body))
 * ```
 */
export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

/** A sample sent under a Content-Type the user sets. */
function given(body: DriverBody, contentType: string, bytes: Uint8Array): BodySample {
  return { body, headers: { 'content-type': contentType }, bytes, contentType }
}

function* chunks(bytes: Uint8Array): Generator<Buffer> {
  for (let offset = 0; offset < bytes.byteLength; offset += 1024)
    yield Buffer.from(bytes.subarray(offset, offset + 1024))
}

function webStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  const pieces = chunks(bytes)
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = pieces.next()
      if (next.done === true) controller.close()
      else controller.enqueue(new Uint8Array(next.value))
    },
  })
}
