import { describe, expect, it } from 'vitest'
import { discardResponse } from '../adapter.js'

/** A body of `chunks` chunks of `chunkBytes` bytes that counts what was read and whether it was cancelled. */
function countingBody(chunks: number, chunkBytes: number) {
  const seen = { pulled: 0, cancelled: false }
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled === chunks) return controller.close()
      seen.pulled++
      controller.enqueue(new Uint8Array(chunkBytes))
    },
    cancel() {
      seen.cancelled = true
    },
  })
  return { body, seen }
}

describe('discardResponse', () => {
  it('reads a small body to its end, so the connection goes back to the pool', async () => {
    const { body, seen } = countingBody(4, 1024)
    const response = new Response(body, { status: 401 })
    await discardResponse(response)
    expect(seen).toEqual({ pulled: 4, cancelled: false })
    expect(response.bodyUsed).toBe(true)
  })

  it('cancels a body once more than 64 KiB came, rather than reading it all', async () => {
    const { body, seen } = countingBody(1_000, 16 * 1024)
    await discardResponse(new Response(body, { status: 401 }))
    // 4 chunks are exactly 64 KiB; the 5th passes the limit.
    expect(seen).toEqual({ pulled: 5, cancelled: true })
  })

  it('resolves for a response without a body, or with one that is not a web stream', async () => {
    await expect(discardResponse(new Response(null, { status: 401 }))).resolves.toBeUndefined()
    await expect(discardResponse({ body: undefined })).resolves.toBeUndefined()
    await expect(discardResponse({ body: 'not a stream' })).resolves.toBeUndefined()
  })

  it('never throws: a body that fails while read, or was read already, resolves all the same', async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('socket reset'))
      },
    })
    await expect(discardResponse(new Response(failing))).resolves.toBeUndefined()
    const read = new Response('read already')
    await read.text()
    await expect(discardResponse(read)).resolves.toBeUndefined()
  })
})
