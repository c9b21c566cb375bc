-- A refresh token by its hash in one call instead of two: the index names the grant, and the record and the
-- grant's revocation marker are read from the grant's slot. KEYS[1]: the index key. ARGV[1]: what comes before
-- the grant id in both keys; ARGV[2], ARGV[3]: what comes after it in the record's key and in the marker's.
-- Those keys are only known from the index, so they are built here: this script runs where a script may touch
-- keys of any slot (standalone and Sentinel); on Redis Cluster the index and the grant's keys are read apart.
-- Returns {} when the index is missing, else {the record or nothing, the revocation's keepUntil or nothing}.
local grant = redis.call('GET', KEYS[1])
if not grant then
  return {}
end
return {redis.call('GET', ARGV[1] .. grant .. ARGV[2]), redis.call('GET', ARGV[1] .. grant .. ARGV[3])}
