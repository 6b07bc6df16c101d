import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { isInMemoryBody } from '../in-memory-body.js'

describe('isInMemoryBody', () => {
  it.each([
    ['a string', '{"a":1}'],
    ['URLSearchParams', new URLSearchParams('a=1')],
    ['a Blob', new Blob(['x'])],
    ['FormData', new FormData()],
    ['an ArrayBuffer', new ArrayBuffer(4)],
    ['a Buffer', Buffer.from('x')],
    ['a typed array', new Uint8Array(2)],
  ])('accepts %s', (_name, body) => {
    expect(isInMemoryBody(body)).toBe(true)
  })

  it.each([
    ['a ReadableStream', new ReadableStream()],
    ['a Node Readable', Readable.from(['x'])],
    ['an async iterable', (async function* () {})()],
    ['a plain object', { a: 1 }],
  ])('rejects %s', (_name, body) => {
    expect(isInMemoryBody(body)).toBe(false)
  })
})
