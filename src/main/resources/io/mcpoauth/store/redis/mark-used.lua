-- Records an id (a jti) as used, exactly once while its earlier use lasts.
-- KEYS[1] the used id; ARGV[1] its expiry and ARGV[2] now, epoch milliseconds; ARGV[3] the time to live, ms.
-- The value is the expiry, so a use is judged by the caller's now, not by when Redis happens to evict the key.
-- Returns 1 when this call recorded the use, 0 when an earlier use is still recorded.
local recorded = redis.call('GET', KEYS[1])
if recorded and tonumber(recorded) > tonumber(ARGV[2]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1
