-- Rotates a refresh token: marks the presented one rotated and stores its successor, exactly once; a token
-- already rotated is reuse, and revokes its grant in the same step (RFC 9700 4.14.2).
-- KEYS[1] presented token, KEYS[2] successor, KEYS[3] the grant's revocation marker (one slot: the grant id tag).
-- ARGV[1] now, epoch milliseconds; ARGV[2] the successor's value; ARGV[3] the successor's TTL in milliseconds;
-- ARGV[4] until when reuse revokes the grant, epoch milliseconds, and ARGV[5] that marker's TTL in milliseconds
-- (zero or less: reuse revokes nothing).
-- Where a script may touch keys of any slot (not on Redis Cluster), also KEYS[4] the successor's index key and
-- ARGV[6] the grant id, written with the successor when this call wins (elsewhere the caller writes it first);
-- KEYS[5] the block of the token's subject (its value the block's end, epoch milliseconds): a live block refuses
-- the rotation, which changes nothing (on Redis Cluster the key is in the subject's slot, and the caller reads it
-- after the rotation instead); and, when the caller issues an access token with the successor, KEYS[6] its key,
-- ARGV[7] its value and ARGV[8] its TTL in milliseconds, written only when this call wins (on Redis Cluster the
-- caller writes it after).
-- Values are <flag><expiresAtMillis>:<json>, flag 0 live or 1 rotated. The successor's expiry (and TTL) is
-- already capped at its grant's end by the caller: writing it here is what enforces the cap.
-- Returns 1 when this call rotated the token, 2 on reuse, 0 when it is unknown, expired or its grant revoked,
-- {3, the block's end} when its subject is blocked.
local v = redis.call('GET', KEYS[1])
if not v then
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
if string.sub(v, 1, 1) == '1' then
  -- Never shortens an earlier revocation (as revoke-grant.lua).
  if tonumber(ARGV[5]) > 0 and not (revokedUntil and tonumber(revokedUntil) >= tonumber(ARGV[4])) then
    redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[5])
  end
  return 2
end
if KEYS[5] then
  local blockedUntil = redis.call('GET', KEYS[5])
  if blockedUntil and now < tonumber(blockedUntil) then
    return {3, blockedUntil}
  end
end
redis.call('SETRANGE', KEYS[1], 0, '1')
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
if KEYS[4] then
  redis.call('SET', KEYS[4], ARGV[6], 'PX', ARGV[3])
end
if KEYS[6] then
  redis.call('SET', KEYS[6], ARGV[7], 'PX', ARGV[8])
end
return 1
