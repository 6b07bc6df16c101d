// Scripts of the user store. They run atomically on the Redis server, so "compare then write"
// can't interleave with another process's write. They read the clear header of a stored grant
// (see user-grant-codec.ts): the digest of its refresh token, never a token.

/**
 * KEYS[1] grant key; ARGV[1] digest of the expected refresh token, ARGV[2] value.
 * Compare-and-set: writes only while the stored grant's refresh token is the expected one, so of
 * several processes rotating the same grant exactly one wins. Never creates a grant (a rotation
 * that ends after the user was forgotten brings nothing back); no TTL, as for every grant.
 */
export const REPLACE_GRANT_IF_REFRESH_TOKEN = `
local current = redis.call('GET', KEYS[1])
if current and string.match(current, '^zug1%.([%w_-]+)%.') == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
return 0
`

/** KEYS[1] grant key; ARGV[1] value. Stores an install's grant, without a TTL. */
export const PUT_GRANT = `
redis.call('SET', KEYS[1], ARGV[1])
return 1
`

/** KEYS[1] grant key. Forgets the user. */
export const DELETE_GRANT = `
return redis.call('DEL', KEYS[1])
`
