-- Records or replaces a grant's summary (a hash), with its time to live, in the grant's slot.
-- KEYS[1] the summary; ARGV[1] the time to live in milliseconds, then field and value pairs (every field, so a
-- replacement leaves nothing of the record it replaces).
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
