-- Imports a refresh token (an export from another backend) without ever undoing a rotation.
-- KEYS[1] the token's record (in its grant's slot); ARGV[1] the record's value; ARGV[2] its TTL in milliseconds.
-- Values are <flag><expiresAtMillis>:<json>, flag 0 live or 1 rotated (as in rotate-refresh.lua).
-- An absent record is written; a stored one is kept, only flipped to rotated when the import says rotated, so
-- importing the same stream again, or an older one, never makes a used token usable (RFC 9700 4.14.2).
-- Returns 1 when something was written, 0 otherwise.
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if string.sub(ARGV[1], 1, 1) == '1' and string.sub(v, 1, 1) == '0' then
  redis.call('SETRANGE', KEYS[1], 0, '1')
  return 1
end
return 0
