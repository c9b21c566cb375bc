-- Deletes a registered client. KEYS[1] the client, KEYS[2] the index, KEYS[3] the id index; ARGV[1] the client id.
-- Returns the removed client's value to the one caller that removed it, and nil to every other.
local removed = redis.call('GET', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return removed
