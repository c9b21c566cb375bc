-- Counts registered clients, first dropping index entries whose client has expired.
-- KEYS[1] the index; ARGV[1] now, epoch milliseconds.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZCARD', KEYS[1])
