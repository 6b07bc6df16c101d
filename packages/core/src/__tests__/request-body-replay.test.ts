import { describe, expect, it } from 'vitest'
import { requestBodyReplay } from '../adapter.js'

const UPLOAD_URL = 'https://api.zoom.us/v2/upload'
/** Every byte value, so "the same text" can't pass for "the same bytes". */
const BYTES = Uint8Array.from({ length: 256 }, (_, index) => index)

describe('requestBodyReplay', () => {
  it('is undefined for a Request without a body', () => {
    expect(requestBodyReplay(new Request(UPLOAD_URL), { maxBytes: 1024 })).toBeUndefined()
  })

  it("copies the Request's own body as the first send reads it, and leaves that body to be sent", async () => {
    const request = new Request(UPLOAD_URL, { method: 'PUT', body: BYTES })
    const plan = requestBodyReplay(request, { maxBytes: 1024 })
    expect(plan?.outcome).toBe('copy')
    expect(plan?.first).toBeUndefined()
    // The Request itself is sent, its body unread until then.
    expect(request.bodyUsed).toBe(false)
    expect(new Uint8Array(await request.arrayBuffer())).toEqual(BYTES)
    expect(await plan?.again()).toEqual(BYTES)
  })

  it('hands back `first` as the body of the first send (what goes in init.body)', () => {
    const request = new Request(UPLOAD_URL, { method: 'PUT', body: BYTES })
    expect(requestBodyReplay(request, { maxBytes: 1024, first: null })?.first).toBeNull()
  })

  it('gives no copy of a body longer than maxBytes', async () => {
    const request = new Request(UPLOAD_URL, { method: 'PUT', body: BYTES })
    const plan = requestBodyReplay(request, { maxBytes: 100 })
    await request.arrayBuffer()
    expect(await plan?.again()).toBeUndefined()
  })

  it('gives no copy once released (the first answer was final)', async () => {
    const request = new Request(UPLOAD_URL, { method: 'PUT', body: BYTES })
    const plan = requestBodyReplay(request, { maxBytes: 1024 })
    plan?.release()
    await request.arrayBuffer()
    expect(await plan?.again()).toBeUndefined()
  })

  it('cannot resend a body that was read already', async () => {
    const request = new Request(UPLOAD_URL, { method: 'PUT', body: BYTES })
    await request.arrayBuffer()
    const plan = requestBodyReplay(request, { maxBytes: 1024 })
    expect(plan?.outcome).toBe('cannot')
    expect(await plan?.again()).toBeUndefined()
  })
})
