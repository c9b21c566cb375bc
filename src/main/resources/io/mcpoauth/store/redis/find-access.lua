-- An access token and its grant's revocation marker in one call: an introspection's lookup in one round trip
-- instead of two. KEYS[1]: the token's key. ARGV[1], ARGV[2]: what comes before and after the grant id in the
-- grant's revocation key. That key is only known from the record, so it is built here: this script runs where a
-- script may touch keys of any slot (standalone and Sentinel); on Redis Cluster the two are read one by one.
-- Returns {} when there is no such token, else {the record, the revocation's keepUntil or nothing}.
local record = redis.call('GET', KEYS[1])
if not record then
  return {}
end
local grant = cjson.decode(record)['grantId']
if type(grant) ~= 'string' then
  return {record}
end
return {record, redis.call('GET', ARGV[1] .. grant .. ARGV[2])}
