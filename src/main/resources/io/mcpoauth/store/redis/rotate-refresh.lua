-- Rotates a refresh token: marks the presented one rotated and stores its successor, exactly once.
-- KEYS[1] presented token, KEYS[2] successor, KEYS[3] the grant's revocation marker (one slot: the grant id tag).
-- ARGV[1] now, epoch milliseconds; ARGV[2] the successor's value; ARGV[3] the successor's TTL in milliseconds.
-- Values are <flag><expiresAtMillis>:<json>, flag 0 live or 1 rotated.
-- Returns 1 when this call rotated the token, 0 when it is unknown, expired, already rotated or revoked.
local v = redis.call('GET', KEYS[1])
if not v or string.sub(v, 1, 1) == '1' then
  return 0
end
local now = tonumber(ARGV[1])
local colon = string.find(v, ':', 2, true)
if now >= tonumber(string.sub(v, 2, colon - 1)) then
  return 0
end
local revokedUntil = redis.call('GET', KEYS[3])
if revokedUntil and now < tonumber(revokedUntil) then
  return 0
end
redis.call('SETRANGE', KEYS[1], 0, '1')
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1
