import { describe, expect, it } from 'vitest'
import { parseUrl } from '../parse-url.js'

describe('parseUrl', () => {
  it('parses an absolute URL', () => {
    expect(parseUrl('https://api.zoom.us/v2/users/me?x=1')?.host).toBe('api.zoom.us')
  })

  it.each(['', '/v2/users/me', 'api.zoom.us/v2', 'http://[::1', 'not a url'])(
    'gives undefined for %j instead of throwing',
    (text) => {
      expect(parseUrl(text)).toBeUndefined()
    },
  )
})
