-- Counts registered clients, first dropping index entries whose client has expired (from the id index too).
-- KEYS[1] the index, KEYS[2] the id index; ARGV[1] now, epoch milliseconds.
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for i = 1, #expired, 1000 do
  redis.call('ZREM', KEYS[2], unpack(expired, i, math.min(i + 999, #expired)))
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZCARD', KEYS[1])
