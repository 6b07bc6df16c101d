// Scripts run atomically on the Redis server, so "compare then write" can't interleave with another
// process. They parse the clear header of a stored value (see token-codec.ts), never the token.

/**
 * KEYS[1] token key; ARGV[1] expiresAt, ARGV[2] value, ARGV[3] TTL ms.
 * Writes unless the stored token expires later: a process that fetched a while ago (say, before a
 * revocation) must not replace the token the rest of the fleet just fetched. Unreadable values
 * are overwritten.
 */
export const SET_TOKEN_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local storedAt = tonumber(string.match(current, '^zat1%.(%d+)%.'))
  if storedAt and storedAt > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`

/** KEYS[1] token key; ARGV[1] digest of the token to delete. Deletes only that token. */
export const DELETE_TOKEN_IF_CURRENT = `
local current = redis.call('GET', KEYS[1])
if current and string.match(current, '^zat1%.%d+%.([%w_-]+)%.') == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`

/** KEYS[1] lock key; ARGV[1] owner. Releases the lock only if this owner still holds it. */
export const RELEASE_LOCK_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`

/** KEYS[1] lock key; ARGV[1] owner, ARGV[2] lease ms. Renews the lease only if this owner still holds it. */
export const RENEW_LOCK_IF_OWNER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`

/**
 * KEYS[1] token key, KEYS[2] lock key. Reads both at one instant, as { value or nil, 1 if locked }:
 * a holder stores its token before releasing, so "no new token and no lock" means it gave up.
 */
export const READ_TOKEN_AND_LOCK = `
return { redis.call('GET', KEYS[1]), redis.call('EXISTS', KEYS[2]) }
`
