-- Stores a signing key in its slot unless the slot holds one already, and answers the slot's key.
-- KEYS[1] the hash of signing keys; ARGV[1] the slot (field), ARGV[2] the key's JSON, ARGV[3] its time to live, ms.
-- The hash lives as long as its longest-lived key; running this twice stores nothing more and answers the same.
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < tonumber(ARGV[3]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return redis.call('HGET', KEYS[1], ARGV[1])
