-- One stretch of an owner's grant ids in id order, after first dropping up to 500 grants expired at now.
-- KEYS[1] grant ids scored by expiry, KEYS[2] the same ids scored 0.
-- ARGV[1] now, epoch milliseconds; ARGV[2] where to start ('-' or '(' and the exclusive cursor); ARGV[3] how many.
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 500)
if #dead > 0 then
  redis.call('ZREM', KEYS[1], unpack(dead))
  redis.call('ZREM', KEYS[2], unpack(dead))
end
return redis.call('ZRANGEBYLEX', KEYS[2], ARGV[2], '+', 'LIMIT', 0, ARGV[3])
