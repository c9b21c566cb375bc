-- Revokes a grant until keepUntil, never shortening an earlier revocation.
-- KEYS[1] the grant's revocation marker; ARGV[1] keepUntil, epoch milliseconds; ARGV[2] TTL in milliseconds.
-- Returns 1 when the marker was written, 0 when an equal or later one was already there.
local old = redis.call('GET', KEYS[1])
if old and tonumber(old) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
