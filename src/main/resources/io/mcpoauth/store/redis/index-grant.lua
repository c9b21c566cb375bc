-- Adds a grant to an owner's index, first dropping up to 100 grants expired at now, so an index never grows
-- by more than it is trimmed; the keys live as long as their latest grant.
-- KEYS[1] grant ids scored by expiry; KEYS[2], when given, the same ids all scored 0 (for ZRANGEBYLEX).
-- ARGV[1] the grant id, ARGV[2] its expiry and ARGV[3] now, epoch milliseconds; ARGV[4] its time to live, ms.
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[3], 'LIMIT', 0, 100)
if #dead > 0 then
  for i = 1, #KEYS do
    redis.call('ZREM', KEYS[i], unpack(dead))
  end
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
if KEYS[2] then
  redis.call('ZADD', KEYS[2], 0, ARGV[1])
end
local ttl = tonumber(ARGV[4])
for i = 1, #KEYS do
  local left = redis.call('PTTL', KEYS[i])
  if left == -1 or left < ttl then
    redis.call('PEXPIRE', KEYS[i], ttl)
  end
end
return 1
