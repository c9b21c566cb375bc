-- Deletes a registered client. KEYS[1] the client, KEYS[2] the index; ARGV[1] the client id.
-- Returns 1 for the one caller that removed it, 0 for every other.
local removed = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return removed
