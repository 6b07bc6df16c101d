import axios, { type AxiosRequestConfig, type InternalAxiosRequestConfig } from 'axios'
import { describe, expect, it } from 'vitest'
import { parseUrl } from '@zoom-auth/core/adapter'
import { requestUrl } from '../request-url.js'

/** What the installed axios itself says the URL is. */
const axiosUri = new axios.Axios({})

/** `allowAbsoluteUrls` is any value here: axios reads what JavaScript callers pass, booleans or not. */
interface ConfigParts {
  baseURL?: string
  url?: string
  allowAbsoluteUrls?: unknown
}

function configOf(parts: ConfigParts): InternalAxiosRequestConfig {
  return parts as InternalAxiosRequestConfig
}

function axiosHref(parts: ConfigParts) {
  try {
    return new URL(axiosUri.getUri(parts as AxiosRequestConfig)).href
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

/** The absolute URL the policy reads from the text, if any. */
const parsed = (text: string | undefined) => (text === undefined ? undefined : parseUrl(text))

describe('requestUrl', () => {
  it('agrees with axios.getUri() on every baseURL, url and allowAbsoluteUrls combination it sends a token for', () => {
    let compared = 0
    for (const baseURL of BASES)
      for (const url of URLS)
        for (const allowAbsoluteUrls of [undefined, true, false, 0, '', '0', null, 1, 'false']) {
          const parts = {
            ...(baseURL !== undefined && { baseURL }),
            ...(url !== undefined && { url }),
            ...(allowAbsoluteUrls !== undefined && { allowAbsoluteUrls }),
          }
          const ours = parsed(requestUrl(configOf(parts)))
          // No absolute URL (no token) is always safe; anything else must be where axios sends it.
          if (ours !== undefined) {
            expect(ours.href, JSON.stringify(parts)).toBe(axiosHref(parts))
            compared++
          }
        }
    expect(compared).toBeGreaterThan(BASES.length * URLS.length)
  })

  it('lets an absolute url override baseURL (CVE-2025-27152)', () => {
    const baseURL = 'https://api.zoom.us/v2/'
    expect(parsed(requestUrl(configOf({ baseURL, url: 'https://evil.example/steal' })))?.host).toBe(
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

  it.each([0, -0, '', '0', ' ', []])(
    'gives no URL for an absolute url under allowAbsoluteUrls: %j (axios 1.8.2 to 1.15.0 test == false)',
    (allowAbsoluteUrls) => {
      const parts = { baseURL: 'https://evil.example/', url: 'https://api.zoom.us/v2/users/me' }
      expect(requestUrl(configOf({ ...parts, allowAbsoluteUrls }))).toBeUndefined()
    },
  )

  it.each([null, 1, 'false', {}])(
    'reads an absolute url under allowAbsoluteUrls: %j as every axios does (not == false)',
    (allowAbsoluteUrls) => {
      const parts = { baseURL: 'https://evil.example/', url: 'https://api.zoom.us/v2/users/me' }
      expect(requestUrl(configOf({ ...parts, allowAbsoluteUrls }))).toBe(parts.url)
    },
  )

  it('gives no URL for an absolute url under allowAbsoluteUrls: false and an empty baseURL (axios 1.8.2 and 1.8.3 join onto it)', () => {
    const config = configOf({
      baseURL: '',
      url: 'https://api.zoom.us/v2/users/me',
      allowAbsoluteUrls: false,
    })
    expect(requestUrl(config)).toBeUndefined()
  })

  it('reads a URL object given as url', () => {
    const url = new URL('https://api.zoom.us/v2/users/me') as unknown as string
    expect(requestUrl(configOf({ url }))).toBe('https://api.zoom.us/v2/users/me')
  })

  it('gives no absolute URL for a relative URL with no base in Node', () => {
    expect(parsed(requestUrl(configOf({ url: '/v2/users/me' })))).toBeUndefined()
  })
})
