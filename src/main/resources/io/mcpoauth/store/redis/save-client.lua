-- Saves or replaces a registered client and its entries in the index that count reads and the id index that
-- the listing reads. KEYS[1] the client, KEYS[2] the index, KEYS[3] the id index (one slot: the clients tag).
-- ARGV[1] JSON; ARGV[2] client id; ARGV[3] expiry in epoch milliseconds and ARGV[4] TTL in milliseconds,
-- both empty for a client kept for good (a plain SET removes any TTL an earlier save gave the key).
if ARGV[4] == '' then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('ZADD', KEYS[2], '+inf', ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
end
redis.call('ZADD', KEYS[3], 0, ARGV[2])
return 1
