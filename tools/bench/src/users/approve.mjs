/* global fetch, URL */
// The browser's part of an install: open the authorize URL and read the code from the redirect.

/**
 * GETs `authorizeUrl` without following redirects (the emulator approves at once and answers 302
 * to the app's redirect URI) and returns that Location: the callback URL with `code` and `state`.
 */
export async function approve(authorizeUrl) {
  const response = await fetch(authorizeUrl, { redirect: 'manual' })
  await response.arrayBuffer()
  const location = response.headers.get('location')
  if (response.status !== 302 || location === null)
    throw new Error(`authorize answered ${response.status} without a redirect`)
  return location
}

/** The `code` of a callback URL; throws when the user was not approved. */
export function codeOf(callbackUrl) {
  const code = new URL(callbackUrl).searchParams.get('code')
  if (code === null) throw new Error('the authorize redirect carries no code')
  return code
}
