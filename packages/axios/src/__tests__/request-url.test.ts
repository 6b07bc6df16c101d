import axios, { type InternalAxiosRequestConfig } from 'axios'
import { describe, expect, it } from 'vitest'
import { requestUrl } from '../request-url.js'

/** What the installed axios itself says the URL is. */
const axiosUri = new axios.Axios({})

function configOf(parts: {
  baseURL?: string
  url?: string
  allowAbsoluteUrls?: boolean
}): InternalAxiosRequestConfig {
  return parts as InternalAxiosRequestConfig
}

function axiosHref(parts: { baseURL?: string; url?: string; allowAbsoluteUrls?: boolean }) {
  try {
    return new URL(axiosUri.getUri(parts)).href
  } catch {
    return undefined
  }
}

const BASES = [
  undefined,
  '',
  'https://api.zoom.us',
  'https://api.zoom.us/',
  'https://api.zoom.us/v2',
  'https://api.zoom.us/v2/',
  'https://api.zoom.us/v2//',
  'https://api.zoom.us/v2///',
  'http://127.0.0.1:8080/v2/',
  '/relative/base/',
]
const URLS = [
  undefined,
  '',
  'users/me',
  '/users/me',
  '//users/me',
  'users/me?page_size=30#top',
  'https://evil.example/v2/users/me',
  'HTTPS://api.zoom.us/v2/users',
  '//evil.example/steal',
  'ftp://files.example/x',
  'mailto:someone@example.com',
  'not a url at all',
]

describe('requestUrl', () => {
  it('agrees with axios.getUri() on every baseURL, url and allowAbsoluteUrls combination it sends a token for', () => {
    let compared = 0
    for (const baseURL of BASES)
      for (const url of URLS)
        for (const allowAbsoluteUrls of [undefined, true, false]) {
          const parts = {
            ...(baseURL !== undefined && { baseURL }),
            ...(url !== undefined && { url }),
            ...(allowAbsoluteUrls !== undefined && { allowAbsoluteUrls }),
          }
          const ours = requestUrl(configOf(parts))
          // undefined (no token) is always safe; anything else must be where axios sends it.
          if (ours !== undefined) {
            expect(ours.href, JSON.stringify(parts)).toBe(axiosHref(parts))
            compared++
          }
        }
    expect(compared).toBeGreaterThan(BASES.length * URLS.length)
  })

  it('lets an absolute url override baseURL (CVE-2025-27152)', () => {
    const baseURL = 'https://api.zoom.us/v2/'
    expect(requestUrl(configOf({ baseURL, url: 'https://evil.example/steal' }))?.host).toBe(
      'evil.example',
    )
  })

  it('gives no URL for an absolute url under allowAbsoluteUrls: false (axios before 1.8.2 sends it there)', () => {
    const config = configOf({
      baseURL: 'https://api.zoom.us/v2/',
      url: 'https://evil.example/steal',
      allowAbsoluteUrls: false,
    })
    expect(requestUrl(config)).toBeUndefined()
  })

  it.each([0, '', '0'])(
    'gives no URL for an absolute url under allowAbsoluteUrls: %j (axios 1.8.2–1.12 test == false)',
    (allowAbsoluteUrls) => {
      const config = configOf({
        baseURL: 'https://evil.example/',
        url: 'https://api.zoom.us/v2/users/me',
      })
      Object.assign(config, { allowAbsoluteUrls })
      expect(requestUrl(config)).toBeUndefined()
    },
  )

  it('reads a URL object given as url', () => {
    const url = new URL('https://api.zoom.us/v2/users/me') as unknown as string
    expect(requestUrl(configOf({ url }))?.href).toBe('https://api.zoom.us/v2/users/me')
  })

  it('gives undefined for a relative URL with no base in Node', () => {
    expect(requestUrl(configOf({ url: '/v2/users/me' }))).toBeUndefined()
  })
})
