import nock from 'nock'
import { afterAll, afterEach } from 'vitest'

// Tests may talk to loopback (the emulator, Redis) and nothing else.
nock.disableNetConnect()
nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host))

afterEach(() => {
  // Every interceptor a test declared must have been used.
  const pending = nock.pendingMocks()
  nock.cleanAll()
  if (pending.length > 0) throw new Error(`unused nock interceptors: ${pending.join(', ')}`)
})

afterAll(() => {
  nock.enableNetConnect()
})
