import { PassThrough, Readable } from 'node:stream'
import LegacyFormData from 'form-data'
import { describe, expect, it } from 'vitest'
import { bodyReplay, classifyBody } from '../call/body-replay.js'

const MAX = 1024

describe('classifyBody: what a body is, by what it is', () => {
  it.each([
    ['nothing', undefined, 'none'],
    ['a string', '{"a":1}', 'string'],
    ['URLSearchParams', new URLSearchParams('a=1'), 'url-search-params'],
    ['a Blob', new Blob(['x']), 'blob'],
    ['a File', new File(['x'], 'x.txt'), 'blob'],
    ['FormData', new FormData(), 'form-data'],
    ['an ArrayBuffer', new ArrayBuffer(4), 'bytes'],
    ['a Buffer', Buffer.from('x'), 'bytes'],
    ['a typed array', new Uint8Array(2), 'bytes'],
    ['a ReadableStream', new ReadableStream(), 'web-stream'],
    ['a Node Readable', Readable.from(['x']), 'node-stream'],
    ['an async iterable', (async function* () {})(), 'async-iterable'],
    ['a plain object', { a: 1 }, 'other'],
  ])('%s is %s', (_name, body, kind) => {
    expect(classifyBody(body)).toBe(kind)
  })

  it('takes the form-data package for the one-shot stream it is, whatever tag it shows', () => {
    const form = new LegacyFormData()
    form.append('files', Buffer.from('hello'), { filename: 'hello.txt' })
    // What fooled the tag check: the package reports itself as a FormData.
    expect(Object.prototype.toString.call(form)).toBe('[object FormData]')
    expect(classifyBody(form)).toBe('node-stream')
    expect(bodyReplay(form, { maxBytes: MAX }).outcome).toBe('copy')
  })

  it('does not trust a Symbol.toStringTag anyone can set', () => {
    const impostor = { [Symbol.toStringTag]: 'URLSearchParams' }
    expect(classifyBody(impostor)).toBe('other')
    expect(bodyReplay(impostor, { maxBytes: MAX }).outcome).toBe('cannot')
  })
})

describe('bodyReplay: resend as is, a bounded copy, or cannot', () => {
  it.each([
    ['a string', 'x'],
    ['URLSearchParams', new URLSearchParams('a=1')],
    ['a Blob', new Blob(['x'])],
    ['FormData', new FormData()],
    ['a Buffer', Buffer.from('x')],
  ])('resends %s as it is', async (_name, body) => {
    const replay = bodyReplay(body, { maxBytes: MAX })
    expect(replay.outcome).toBe('resend')
    expect(replay.first).toBe(body)
    await expect(replay.again()).resolves.toBe(body)
  })

  it('cannot resend an async iterable', async () => {
    const replay = bodyReplay((async function* () {})(), { maxBytes: MAX })
    expect(replay.outcome).toBe('cannot')
    await expect(replay.again()).resolves.toBeUndefined()
  })

  it('copies a web stream while the first send reads it, byte for byte', async () => {
    const replay = bodyReplay(new Blob(['hello ', 'world']).stream(), { maxBytes: MAX })
    expect(replay.outcome).toBe('copy')
    const sent = await new Response(replay.first as ReadableStream).text()
    expect(sent).toBe('hello world')
    expect(Buffer.from((await replay.again()) as Uint8Array).toString()).toBe('hello world')
  })

  it('gives up copying a web stream longer than maxBytes, without holding the first send back', async () => {
    const big = new Blob([new Uint8Array(MAX + 1)]).stream()
    const replay = bodyReplay(big, { maxBytes: MAX })
    expect((await new Response(replay.first as ReadableStream).arrayBuffer()).byteLength).toBe(
      MAX + 1,
    )
    await expect(replay.again()).resolves.toBeUndefined()
  })

  it('copies a Node stream as the client pipes it, and reads the rest itself after an early answer', async () => {
    const source = new PassThrough()
    const replay = bodyReplay(source, { maxBytes: MAX })
    expect(replay.first).toBe(source)
    const received: Buffer[] = []
    const sink = new PassThrough()
    sink.on('data', (chunk: Buffer) => received.push(chunk))
    source.pipe(sink)
    source.write('part one, ')
    await new Promise((resolve) => setImmediate(resolve))
    // The server answered 401 here: the client stops sending, the rest arrives later.
    source.unpipe(sink)
    const again = replay.again()
    source.end('part two')
    expect(Buffer.from((await again) as Uint8Array).toString()).toBe('part one, part two')
    expect(Buffer.concat(received).toString()).toBe('part one, ')
  })

  it('copies the form-data package byte for byte as axios and got pipe it', async () => {
    const form = new LegacyFormData()
    form.append('files', Buffer.from('hello'), { filename: 'hello.txt' })
    const replay = bodyReplay(form, { maxBytes: MAX })
    const sent: Buffer[] = []
    const sink = new PassThrough()
    sink.on('data', (chunk: Buffer) => sent.push(chunk))
    const ended = new Promise((resolve) => sink.on('end', resolve))
    form.pipe(sink)
    await ended
    const again = Buffer.from((await replay.again()) as Uint8Array)
    expect(again.equals(Buffer.concat(sent))).toBe(true)
    expect(again.toString()).toContain('hello')
  })

  it('leaves no copy of a Node stream nobody piped (read another way), and none past maxBytes', async () => {
    const unread = bodyReplay(Readable.from([Buffer.from('x')]), { maxBytes: MAX })
    await expect(unread.again()).resolves.toBeUndefined()
    const long = Readable.from([Buffer.alloc(MAX), Buffer.alloc(1)])
    const replay = bodyReplay(long, { maxBytes: MAX })
    long.on('data', () => {})
    await new Promise((resolve) => long.on('end', resolve))
    await expect(replay.again()).resolves.toBeUndefined()
  })
})
