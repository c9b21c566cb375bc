-- Consumes an authorization code, exactly once.
-- KEYS[1] the code; ARGV[1] now, epoch milliseconds.
-- The value is <flag><expiresAtMillis>:<json>, flag 0 fresh or 1 consumed.
-- Returns {0} when unknown or expired, {1, json} when this call consumed it, {2, json} on a replay.
local v = redis.call('GET', KEYS[1])
if not v then
  return {0}
end
local colon = string.find(v, ':', 2, true)
if tonumber(ARGV[1]) >= tonumber(string.sub(v, 2, colon - 1)) then
  return {0}
end
local json = string.sub(v, colon + 1)
if string.sub(v, 1, 1) == '1' then
  return {2, json}
end
-- SETRANGE leaves the TTL alone: the consumed code stays, as the replay marker, until the code expires.
-- The write does not depend on reading the TTL (the original's script skipped it when TTL read 0 or -1).
redis.call('SETRANGE', KEYS[1], 0, '1')
return {1, json}
