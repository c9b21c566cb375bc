-- One stretch of the registered clients in id order, with their values.
-- KEYS[1] the index scored by expiry (what count reads), KEYS[2] the ids all scored 0 (for ZRANGEBYLEX); one
-- slot, the clients tag. ARGV[1] now, epoch milliseconds; ARGV[2] where to start ('-' or '(' and the exclusive
-- cursor); ARGV[3] how many; ARGV[4] the client key's prefix (the key is the prefix and the id).
-- Clients expired at now leave both indexes first. Clients saved before the id index existed are copied into it
-- when it holds fewer ids than the expiry index: once after an upgrade, in this one atomic step.
-- An id whose client key is gone (expired by TTL, or deleted by an older release) leaves the id index here.
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for i = 1, #expired, 1000 do
  redis.call('ZREM', KEYS[2], unpack(expired, i, math.min(i + 999, #expired)))
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[2]) < redis.call('ZCARD', KEYS[1]) then
  local all = redis.call('ZRANGE', KEYS[1], 0, -1)
  for i = 1, #all, 1000 do
    local batch = {}
    for j = i, math.min(i + 999, #all) do
      batch[#batch + 1] = 0
      batch[#batch + 1] = all[j]
    end
    redis.call('ZADD', KEYS[2], unpack(batch))
  end
end
local ids = redis.call('ZRANGEBYLEX', KEYS[2], ARGV[2], '+', 'LIMIT', 0, ARGV[3])
-- The reply: how many ids were read, the last of them ('' for none), then each live id with its value.
local out = {#ids, ids[#ids] or ''}
for i = 1, #ids do
  local value = redis.call('GET', ARGV[4] .. ids[i])
  if value then
    out[#out + 1] = ids[i]
    out[#out + 1] = value
  else
    redis.call('ZREM', KEYS[2], ids[i])
  end
end
return out
