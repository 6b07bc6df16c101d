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
  it('agrees with axios.getUri() on every baseURL, url and allowAbsoluteUrls combination', () => {
    let compared = 0
    for (const baseURL of BASES)
      for (const url of URLS)
        for (const allowAbsoluteUrls of [undefined, true, false]) {
          const parts = {
            ...(baseURL !== undefined && { baseURL }),
            ...(url !== undefined && { url }),
            ...(allowAbsoluteUrls !== undefined && { allowAbsoluteUrls }),
          }
          expect(requestUrl(configOf(parts))?.href, JSON.stringify(parts)).toBe(axiosHref(parts))
          compared++
        }
    expect(compared).toBe(BASES.length * URLS.length * 3)
  })

  it('lets an absolute url override baseURL (CVE-2025-27152) unless allowAbsoluteUrls is false', () => {
    const baseURL = 'https://api.zoom.us/v2/'
    const url = 'https://evil.example/steal'
    expect(requestUrl(configOf({ baseURL, url }))?.host).toBe('evil.example')
    expect(requestUrl(configOf({ baseURL, url, allowAbsoluteUrls: false }))?.host).toBe(
      'api.zoom.us',
    )
  })

  it('reads a URL object given as url', () => {
    const url = new URL('https://api.zoom.us/v2/users/me') as unknown as string
    expect(requestUrl(configOf({ url }))?.href).toBe('https://api.zoom.us/v2/users/me')
  })

  it('gives undefined for a relative URL with no base in Node', () => {
    expect(requestUrl(configOf({ url: '/v2/users/me' }))).toBeUndefined()
  })
})
